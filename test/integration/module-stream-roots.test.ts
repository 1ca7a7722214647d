import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';

/**
 * End to end, as an outside checker would run it: RHEL 8 roots built by the real rpmbuild and
 * `rpm --root -i --justdb` (sqlite, then rewritten as Berkeley DB), scanned straight from the
 * directory and imported into a SQLite store, against Red Hat CSAF advisories for the ruby:2.7
 * and ruby:3.1 streams (decision 0012). Each host must get its own stream's fix and never the
 * other's: ruby 2.7.1 is below ruby:3.1's 3.1.7 too, so a name-and-version match would say open.
 */
const repo = join(import.meta.dirname, '../..');
const build = join(repo, 'test/peers/rpmroot/stream-root.sh');
const fixtures = join(import.meta.dirname, '__fixtures__/module-streams');
const rhsa27 = join(fixtures, 'rhsa-2023_3821.json');
const rhsa31 = join(fixtures, 'rhsa-2025_4063.json');
const fixed27 = '2.7.8-139.module+el8.8.0+18745+f1bef313';
const fixed31 = '3.1.7-145.module+el8.10.0+23011+f9d508f8';
const reason = 'module stream unknown: the inventory does not carry MODULARITYLABEL';

const dir = mkdtempSync(join(tmpdir(), 'patchline-stream-roots-'));
const osRelease = join(dir, 'os-release');

interface Host {
  readonly stream: string;
  readonly label: string;
  readonly nvr: string;
}
const hosts: Record<'ruby27' | 'ruby31' | 'unlabeled', Host> = {
  ruby27: {
    stream: 'ruby:2.7',
    label: 'ruby:2.7:8030020200921164007:229f0a1c',
    nvr: 'ruby-2.7.1-136.module+el8.3.0+8438+44ccb8e5',
  },
  ruby31: {
    stream: 'ruby:3.1',
    label: 'ruby:3.1:8070020220929141411:ad008a3a',
    nvr: 'ruby-3.1.2-141.module+el8.7.0+16715+1da7b6f4',
  },
  unlabeled: { stream: '-', label: '-', nvr: 'ruby-2.7.1-136.module+el8.3.0+8438+44ccb8e5' },
};
const backends = ['sqlite', 'bdb'] as const;
type Backend = (typeof backends)[number];

const rootOf = (host: keyof typeof hosts, backend: Backend) => join(dir, `${host}-${backend}`);

interface Finding {
  asset: string;
  advisory: string;
  package: string;
  installed: string;
  fixed?: string;
  status: string;
  reason?: string;
}

/** advisory package installed→fixed status, sorted: what a checker compares. */
function lines(findings: Finding[]): string[] {
  return findings
    .map(
      (f) =>
        `${f.advisory} ${f.package} ${f.installed}→${f.fixed ?? ''} ${f.status}` +
        (f.reason === undefined ? '' : ` (${f.reason})`),
    )
    .sort();
}

function expected(host: keyof typeof hosts): string[] {
  const installed = hosts[host].nvr.slice('ruby-'.length);
  const row = (adv: string, fixed: string, status: string, why?: string) =>
    ['ruby', 'ruby-libs'].map(
      (p) => `${adv} ${p} ${installed}→${fixed} ${status}${why === undefined ? '' : ` (${why})`}`,
    );
  switch (host) {
    case 'ruby27':
      return row('RHSA-2023:3821', fixed27, 'open');
    case 'ruby31':
      return row('RHSA-2025:4063', fixed31, 'open');
    case 'unlabeled':
      return [
        ...row('RHSA-2023:3821', fixed27, 'unverifiable', reason),
        ...row('RHSA-2025:4063', fixed31, 'unverifiable', reason),
      ].sort();
  }
}

beforeAll(() => {
  writeFileSync(
    osRelease,
    'NAME="Red Hat Enterprise Linux"\nVERSION="8.8 (Ootpa)"\nID="rhel"\nID_LIKE="fedora"\n' +
      'VERSION_ID="8.8"\nPLATFORM_ID="platform:el8"\n',
  );
  for (const [name, host] of Object.entries(hosts)) {
    for (const backend of backends) {
      execFileSync(
        'bash',
        [
          build,
          rootOf(name as keyof typeof hosts, backend),
          backend,
          host.label,
          osRelease,
          host.nvr,
          'ruby-libs',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(backends)('module streams end to end on rpm-built roots (%s)', (backend) => {
  it('the roots hold what rpm itself reports: one stream label per host, none on the third', () => {
    const define = backend === 'bdb' ? ['--define', '_db_backend bdb_ro'] : [];
    const qa = (host: keyof typeof hosts) =>
      execFileSync(
        'rpm',
        [
          '--root',
          rootOf(host, backend),
          '--dbpath',
          '/var/lib/rpm',
          ...define,
          '-qa',
          '--qf',
          '%{NAME} %{MODULARITYLABEL}\\n',
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      )
        .trim()
        .split('\n')
        .sort();

    expect(qa('ruby27')).toEqual([`ruby ${hosts.ruby27.label}`, `ruby-libs ${hosts.ruby27.label}`]);
    expect(qa('ruby31')).toEqual([`ruby ${hosts.ruby31.label}`, `ruby-libs ${hosts.ruby31.label}`]);
    expect(qa('unlabeled')).toEqual(['ruby (none)', 'ruby-libs (none)']);
  });

  it.each(['ruby27', 'ruby31', 'unlabeled'] as const)(
    'scan --inventory ROOT: %s gets exactly its own stream’s advisory',
    async (host) => {
      const r = await runCli([
        'scan',
        '--inventory',
        rootOf(host, backend),
        '--advisories',
        rhsa27,
        rhsa31,
        '--json',
      ]);

      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const found = JSON.parse(r.stdout) as (Finding & { evidence: { platform: string } })[];
      expect(lines(found)).toEqual(expected(host));
      expect(new Set(found.map((f) => f.evidence.platform))).toEqual(new Set(['rhel:8']));
    },
  );

  it('import inventory ROOT + findings --json through a SQLite store: the same per host', async () => {
    const env = {
      PATCHLINE_DATABASE_URL: join(dir, `store-${backend}.db`),
      PATCHLINE_ACTOR: 'tester',
      HOME: dir,
    };
    for (const host of Object.keys(hosts) as (keyof typeof hosts)[]) {
      const imported = await runCli(
        ['import', 'inventory', rootOf(host, backend), '--name', host, '--json'],
        { env },
      );
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
    }
    const adv = await runCli(['import', 'advisories', rhsa27, rhsa31], { env });
    expect(adv.code).toBe(0);

    for (const host of Object.keys(hosts) as (keyof typeof hosts)[]) {
      const r = await runCli(['findings', '--asset', host, '--json'], { env });

      expect(r.code).toBe(0);
      const found = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
      expect(found.every((f) => f.asset === host)).toBe(true);
      expect(lines(found)).toEqual(expected(host));
    }
  });
});
