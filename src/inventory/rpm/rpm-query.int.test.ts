import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInventory } from '../index.js';
import { rpmQueryFormat } from './index.js';

/** Two source packages, built with the real rpmbuild; binary names differ from the source. */
const specs: Record<string, string> = {
  'acme.spec': `Name: acme-src
Epoch: 2
Version: 1.4
Release: 3.pl
Summary: t
License: MIT
BuildArch: noarch
%description
t
%package -n acme-libs
Summary: t
%description -n acme-libs
t
%files
%files -n acme-libs
`,
  'python.spec': `Name: python3.9
Version: 3.9.18
Release: 1.el9_3
Summary: t
License: MIT
%description
t
%package -n python3-libs
Summary: t
%description -n python3-libs
t
%files -n python3-libs
`,
};

let dir = '';

/** Runs a tool with HOME in the scratch dir: Debian's rpm otherwise creates ~/.rpmdb. */
function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, HOME: dir } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

describe('inventory/rpm against the real rpm database', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-rpm-'));
    mkdirSync(join(dir, 'SPECS'));
    for (const [name, text] of Object.entries(specs)) {
      writeFileSync(join(dir, 'SPECS', name), text);
      run('rpmbuild', [
        '--define',
        `_topdir ${dir}`,
        '--define',
        `_dbpath ${dir}/builddb`,
        '-bb',
        join(dir, 'SPECS', name),
      ]);
    }
    const rpms = run('find', [join(dir, 'RPMS'), '-name', '*.rpm'])
      .trim()
      .split('\n');
    run('rpm', ['--dbpath', `${dir}/db`, '--initdb']);
    run('rpm', ['--dbpath', `${dir}/db`, '-i', '--justdb', '--nodeps', '--noscripts', ...rpms]);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the documented queryformat yields source name and version from SOURCERPM, and no module stream', () => {
    const qa = run('rpm', ['--dbpath', `${dir}/db`, '-qa', '--queryformat', rpmQueryFormat]);
    const arch = run('rpm', ['--eval', '%{_arch}']).trim();

    const { value, diagnostics } = parseInventory(qa, {
      fileName: 'rpm-qa',
      platform: { family: 'rhel', release: '9' },
    });

    expect(diagnostics).toEqual([]);
    expect(value.packages).toEqual([
      {
        name: 'acme-libs',
        version: '2:1.4-3.pl',
        arch: 'noarch',
        sourceName: 'acme-src',
        sourceVersion: '2:1.4-3.pl',
        modularityLabel: '',
      },
      {
        name: 'acme-src',
        version: '2:1.4-3.pl',
        arch: 'noarch',
        sourceName: 'acme-src',
        sourceVersion: '2:1.4-3.pl',
        modularityLabel: '',
      },
      {
        name: 'python3-libs',
        version: '3.9.18-1.el9_3',
        arch,
        sourceName: 'python3.9',
        sourceVersion: '3.9.18-1.el9_3',
        modularityLabel: '',
      },
    ]);
  });

  it('plain rpm -qa output parses to the same names, versions without the epoch', () => {
    const qa = run('rpm', ['--dbpath', `${dir}/db`, '-qa']);

    const { value, diagnostics } = parseInventory(qa, { fileName: 'rpm-qa', format: 'rpm' });

    expect(value.packages.map((p) => `${p.name} ${p.version} ${p.arch}`)).toEqual([
      'acme-libs 1.4-3.pl noarch',
      'acme-src 1.4-3.pl noarch',
      `python3-libs 3.9.18-1.el9_3 ${run('rpm', ['--eval', '%{_arch}']).trim()}`,
    ]);
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning', 'warning']);
  });
});
