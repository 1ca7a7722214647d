import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-limits-'));
  env = { PATCHLINE_DATABASE_URL: join(dir, 'p.db'), PATCHLINE_ACTOR: 'tester', HOME: dir };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fifo(name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** A sparse file of `bytes` zeros: as large as asked, costing no disk. */
function sparse(name: string, bytes: number): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return path;
}

const policyArgs = (p: string) => ['policy', 'check', p];

describe('cli: inputs that would block, exhaust or crash', () => {
  it.each`
    what                   | argv
    ${'inventory parse'}   | ${(p: string) => ['inventory', 'parse', p]}
    ${'import inventory'}  | ${(p: string) => ['import', 'inventory', p, '--name', 'h']}
    ${'scan'}              | ${(p: string) => ['scan', '--inventory', p, '--advisories', dir]}
    ${'import advisories'} | ${(p: string) => ['import', 'advisories', p]}
    ${'policy check'}      | ${policyArgs}
  `('$what refuses a named pipe at once (exit 2, what was expected)', async ({ argv }) => {
    const pipe = fifo('pipe');

    const r = await runCli((argv as (p: string) => string[])(pipe), { env });

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /\/pipe is a named pipe \(FIFO\): expected an? (regular|inventory) file/,
    );
  });

  it.each`
    what                  | argv
    ${'inventory parse'}  | ${['inventory', 'parse', '/dev/zero']}
    ${'import inventory'} | ${['import', 'inventory', '/dev/zero', '--name', 'h']}
    ${'policy check'}     | ${['policy', 'check', '/dev/zero']}
  `('$what refuses /dev/zero as a character device (exit 2)', async ({ argv }) => {
    const r = await runCli(argv as string[], { env });

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/dev/zero is a character device');
  });

  it.each`
    what                   | name              | argv
    ${'import inventory'}  | ${'big.status'}   | ${(p: string) => ['import', 'inventory', p, '--name', 'h']}
    ${'inventory parse'}   | ${'big.status'}   | ${(p: string) => ['inventory', 'parse', p]}
    ${'import advisories'} | ${'big.osv.json'} | ${(p: string) => ['import', 'advisories', p]}
    ${'policy check'}      | ${'big.yaml'}     | ${policyArgs}
  `(
    '$what refuses a file over PATCHLINE_MAX_INPUT_BYTES naming the file, limit and variable',
    async ({ name, argv }) => {
      const file = sparse(name as string, 2 * 1024 * 1024);

      const r = await runCli((argv as (p: string) => string[])(file), {
        env: { ...env, PATCHLINE_MAX_INPUT_BYTES: '1MiB' },
      });

      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file} is 2 MiB (2097152 bytes), over the 1 MiB input limit`);
      expect(r.stderr).toContain('PATCHLINE_MAX_INPUT_BYTES');
    },
  );

  it('the default limit refuses a 629 MB inventory by its size, without reading it', async () => {
    const file = sparse('huge.status', 629 * 1000 * 1000);

    const r = await runCli(['inventory', 'parse', file], { env });

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} is 599.9 MiB (629000000 bytes), over the 256 MiB`);
  });

  it('a bad PATCHLINE_MAX_INPUT_BYTES is CONFIG_INVALID', async () => {
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'version: 1\n');

    const r = await runCli(policyArgs(file), {
      env: { ...env, PATCHLINE_MAX_INPUT_BYTES: 'lots' },
    });

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PATCHLINE_MAX_INPUT_BYTES lots is not a byte count');
  });
});

/** Nine levels of nine aliases each: 9^9 nodes if expanded. */
function billionLaughs(): string {
  const lines = ['version: 1', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) {
    const refs = Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ');
    lines.push(`a${i}: &a${i} [${refs}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('cli: policy check on hostile YAML', () => {
  it('an alias bomb is exit 2 with file:line, not INTERNAL', async () => {
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, billionLaughs());

    const r = await runCli(policyArgs(file), { env });

    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('INTERNAL');
    expect(`${r.stdout}${r.stderr}`).toMatch(
      new RegExp(`${file}:3:\\d+: .*too many alias expansions`),
    );
  });
});
