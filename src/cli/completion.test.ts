import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-completion-'));
  script = join(dir, 'patchline.bash');
  const r = await runCli(['completion', 'bash']);
  expect(r.code).toBe(0);
  writeFileSync(script, r.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash offers after `patchline WORDS… CUR<TAB>`, by calling the generated function. */
function complete(words: readonly string[]): string[] {
  const all = ['patchline', ...words];
  const line = [
    `source ${script}`,
    `COMP_WORDS=(${all.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${all.length - 1}`,
    '_patchline',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('bash', ['-c', line], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('cli/completion', () => {
  it('prints a bash script that bash accepts', () => {
    const r = spawnSync('bash', ['-n', script], { encoding: 'utf8' });

    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it.each`
    words                                    | offered
    ${['']}                                  | ${['demo', 'version', 'import', 'feeds', 'findings', 'report', 'completion']}
    ${['im']}                                | ${['import']}
    ${['import', '']}                        | ${['inventory', 'estate', 'advisories']}
    ${['import', 'inventory', '--k']}        | ${['--kind', '--kernel']}
    ${['import', 'inventory', '--kind', '']} | ${['host', 'image']}
    ${['feeds', 'sync', '--']}               | ${['--base-url', '--json', '--at', '--wide', '--help']}
    ${['completion', '']}                    | ${[]}
  `('after $words bash offers $offered', ({ words, offered }) => {
    const got = complete(words);

    expect(got).toEqual(expect.arrayContaining(offered));
    if (offered.length === 0) expect(got).toEqual([]);
  });

  it('prints a zsh script over the same tree', async () => {
    const r = await runCli(['completion', 'zsh']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#compdef patchline\n/);
    expect(r.stdout).toContain('(" import inventory:--kind") compadd -- host image; return ;;');
    expect(r.stdout).toContain('compdef _patchline patchline');
  });

  it('refuses a shell it cannot write for, with exit 2', async () => {
    const r = await runCli(['completion', 'fish']);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain("command-argument value 'fish' is invalid");
  });
});
