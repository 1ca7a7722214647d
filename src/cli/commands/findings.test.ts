import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { useCliStore } from '../../../test/cli-store.js';

const policy = join(import.meta.dirname, '../../../samples/policy/patchline-policy.yaml');
const image = 'debian12-base@2026.11.1';
useCliStore('findings');

interface Row {
  asset: string;
  origin: string;
  severity: string;
  advisory: string;
  cves: string[];
  status: string;
}

async function findings(...args: string[]): Promise<{ findings: Row[]; total: number }> {
  const r = await runCli(['findings', '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { findings: Row[]; total: number };
}

const assetsOf = (rows: readonly Row[]) => [...new Set(rows.map((f) => f.asset))].sort();

describe('cli/commands/findings', () => {
  it.each`
    args                                                  | assets
    ${['--advisory', 'demo-2026-0002']}                   | ${['web-01']}
    ${['--cve', 'cve-2099-20001']}                        | ${[image, 'web-01', 'web-02']}
    ${['--origin', 'host', '--severity', 'critical']}     | ${['ad-01', 'desk-0042']}
    ${['--origin', 'image']}                              | ${[image, 'ubuntu2404-base@2026.11.1']}
    ${['--label', 'env=prod', '--label', 'app=checkout']} | ${['web-01', 'web-02']}
    ${['--tier', 'critical-prod', '--policy', policy]}    | ${[image, 'web-01', 'web-02']}
    ${['--asset', 'web-02', '--cve', 'CVE-2099-20002']}   | ${[]}
  `('findings $args', async ({ args, assets }) => {
    const r = await findings(...(args as string[]));

    expect(assetsOf(r.findings)).toEqual(assets);
  });

  it('matches advisory and CVE ids in any letter case, reporting the stored spelling', async () => {
    const r = await findings('--advisory', 'Demo-2026-0002', '--cve', 'Cve-2099-20002');

    expect(r.findings.length).toBeGreaterThan(0);
    expect(new Set(r.findings.map((f) => f.advisory))).toEqual(new Set(['DEMO-2026-0002']));
  });

  it('filters by status and origin together', async () => {
    const r = await findings('--status', 'open', '--origin', 'inherited');

    expect(r.findings.length).toBeGreaterThan(0);
    expect(new Set(r.findings.map((f) => `${f.status}/${f.origin}`))).toEqual(
      new Set(['open/inherited']),
    );
  });

  it('sorts by -severity,asset and limits after sorting, counting them all', async () => {
    const all = await findings();
    const r = await findings('--sort', '-severity,asset', '--limit', '5');

    expect(r.total).toBe(all.total);
    expect(r.findings).toHaveLength(5);
    expect(r.findings.map((f) => f.severity)).toEqual(Array(5).fill('critical'));
    const names = r.findings.map((f) => f.asset);
    expect(names).toEqual([...names].sort());
  });

  it('prints the --fields columns in CSV', async () => {
    const r = await runCli([
      'findings',
      '--csv',
      '--fields',
      'asset,origin,advisory',
      '--limit',
      '1',
    ]);

    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe('asset,origin,advisory');
    expect(r.stdout.split('\r\n')[1]).toMatch(/^[^,]+,(host|image|inherited|introduced),[^,]+$/);
  });

  it.each`
    args                            | message
    ${['--csv', '--json']}          | ${'cannot be used with'}
    ${['--advisory', 'NOPE-1']}     | ${'NOT_FOUND'}
    ${['--cve', 'CVE-1999-0000']}   | ${'NOT_FOUND'}
    ${['--asset', 'nope']}          | ${'NOT_FOUND'}
    ${['--sort', 'colour']}         | ${'--sort colour'}
    ${['--fields', 'asset,colour']} | ${'unknown field "colour"'}
    ${['--origin', 'elsewhere']}    | ${'elsewhere'}
    ${['--status', 'broken']}       | ${'broken'}
    ${['--label', 'env']}           | ${'--label env'}
    ${['--limit', 'some']}          | ${'--limit some'}
    ${['--tier', 'dev']}            | ${'no policy'}
  `('refuses $args with exit 2', async ({ args, message }) => {
    const r = await runCli(['findings', ...(args as string[])]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('exposure takes an advisory or CVE id in any letter case', async () => {
    const r = await runCli(['exposure', 'cve-2099-20001', '--json']);

    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as {
      advisories: string[];
      assets: { asset: string; origin: string }[];
    };
    expect(e.advisories).toEqual(['DEMO-2026-0001']);
    expect(e.assets.map((a) => `${a.asset}:${a.origin}`)).toEqual([
      `${image}:image`,
      'web-01:inherited',
      'web-02:inherited',
    ]);
    expect((await runCli(['exposure', 'demo-2026-0001'])).code).toBe(0);
    expect((await runCli(['exposure', 'nope-0'])).code).toBe(2);
  });

  it('evaluate records clocks and, with a policy, takes today’s snapshot once', async () => {
    vi.stubEnv('PATCHLINE_POLICY', policy);
    const at = ['--at', '2026-12-01T00:00:00Z'];

    const first = JSON.parse((await runCli(['evaluate', '--json', ...at])).stdout) as {
      snapshot: { taken: boolean; day: string } | null;
      totals: { assets: number; findings: number };
    };
    const second = JSON.parse((await runCli(['evaluate', '--json', ...at])).stdout) as {
      snapshot: { taken: boolean } | null;
    };
    vi.stubEnv('PATCHLINE_POLICY', undefined);
    const none = JSON.parse((await runCli(['evaluate', '--json', ...at])).stdout) as {
      snapshot: unknown;
    };

    expect(first.snapshot).toMatchObject({ taken: true, day: '2026-12-01' });
    expect(first.totals.assets).toBe(9);
    expect(second.snapshot).toMatchObject({ taken: false });
    expect(none.snapshot).toBeNull();
  });
});
