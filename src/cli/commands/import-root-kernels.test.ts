import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { buildBdb } from '../../inventory/rpmdb/bdb/build.js';
import { packageHeader } from '../../inventory/rpmdb/header/build.js';

const scratch = mkdtempSync(join(tmpdir(), 'patchline-import-kernels-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A RHEL 8 root with two kernel-core packages and a third kernel only under /lib/modules. */
function root(name: string, kernels: readonly string[]): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'var/lib/rpm'), { recursive: true });
  mkdirSync(join(dir, 'etc'), { recursive: true });
  const headers = [
    packageHeader({ name: 'bash', version: '4.4.20', release: '4.el8_6', arch: 'x86_64' }),
    ...kernels.map((release) =>
      packageHeader({ name: 'kernel-core', version: '4.18.0', release, arch: 'x86_64' }),
    ),
  ];
  writeFileSync(join(dir, 'var/lib/rpm/Packages'), buildBdb(headers, { le: true }));
  writeFileSync(join(dir, 'etc/os-release'), 'ID="rhel"\nVERSION_ID="8.8"\n');
  return dir;
}

const env = {
  PATCHLINE_DATABASE_URL: join(scratch, 'p.db'),
  PATCHLINE_ACTOR: 'tester',
  HOME: scratch,
};

describe('cli: import inventory DIR reports the installed kernels', () => {
  it.each`
    name              | kernels                                | modules                         | shown
    ${'two-packages'} | ${['477.10.1.el8_8', '513.5.1.el8_9']} | ${[]}                           | ${'4.18.0-477.10.1.el8_8.x86_64 4.18.0-513.5.1.el8_9.x86_64'}
    ${'modules-only'} | ${[]}                                  | ${['4.18.0-553.el8_10.x86_64']} | ${'4.18.0-553.el8_10.x86_64'}
    ${'none'}         | ${[]}                                  | ${[]}                           | ${'(none found)'}
  `('$name: table and JSON', async ({ name, kernels, modules, shown }) => {
    const dir = root(name as string, kernels as string[]);
    for (const m of modules as string[]) {
      mkdirSync(join(dir, 'lib/modules', m), { recursive: true });
    }

    const text = await runCli(['import', 'inventory', dir, '--name', name as string], { env });
    const json = await runCli(['import', 'inventory', dir, '--name', name as string, '--json'], {
      env,
    });

    expect(text.code).toBe(0);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(`kernels installed: ${shown}`);
    const out = JSON.parse(json.stdout) as { root: { kernels: string[]; backend: string } };
    expect(out.root.kernels.join(' ') || '(none found)').toBe(shown);
    expect(out.root.backend).toBe('bdb');
  });

  it('a file inventory prints no kernels line and no root', async () => {
    const file = join(scratch, 'rpm-qa.txt');
    writeFileSync(file, 'bash\t0\t4.4.20\t4.el8_6\tx86_64\tbash-4.4.20-4.el8_6.src.rpm\n');

    const text = await runCli(
      ['import', 'inventory', file, '--name', 'listed', '--platform', 'rhel:8'],
      { env },
    );
    const json = await runCli(
      ['import', 'inventory', file, '--name', 'listed', '--platform', 'rhel:8', '--json'],
      { env },
    );

    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('kernels');
    expect(JSON.parse(json.stdout)).not.toHaveProperty('root');
  });
});
