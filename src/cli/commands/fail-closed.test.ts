import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { sampleEstateDir } from '../../app/estate.js';
import { openStore } from '../../app/open-store.js';
import { fixedClock } from '../../domain/clock.js';
import { sourceAdvisory } from '../../../test/advisories.js';
import { runCli } from '../../../test/cli.js';
import { useCliStore } from '../../../test/cli-store.js';

const secdb316 = join(
  import.meta.dirname,
  '../../advisories/alpine-secdb/__fixtures__/v3.16-main.json',
);
const alpineInventory = join(sampleEstateDir, 'alpine318-base.installed');
useCliStore('fail-closed');

const edge = {
  asset: 'edge-proxy-01',
  platform: 'alpine:3.18',
  reason: 'no loaded feed covers alpine:3.18',
};

describe('cli/commands fail closed', () => {
  it('evaluate prints the host not assessed apart, and carries it in JSON', async () => {
    const text = await runCli(['evaluate']);
    const json = await runCli(['evaluate', '--json']);

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/│ edge-proxy-01 +│ host +│ alpine:3\.18 +│ +│ not assessed +│/);
    expect(text.stdout).toContain(
      '1 asset not assessed (no finding means nothing was checked):\n  edge-proxy-01 (alpine:3.18): no loaded feed covers alpine:3.18\n',
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      notAssessed: [edge],
      totals: { notAssessed: 1 },
    });
  });

  it('findings --status not-assessed lists the hosts with reasons', async () => {
    const text = await runCli(['findings', '--status', 'not-assessed']);
    const json = await runCli(['findings', '--status', 'not-assessed', '--json']);
    const csv = await runCli(['findings', '--status', 'not-assessed', '--csv']);

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /│ edge-proxy-01 │ alpine:3\.18 │ no loaded feed covers alpine:3\.18 │/,
    );
    expect(text.stdout).toContain('1 not assessed\n');
    expect(JSON.parse(json.stdout)).toMatchObject({ findings: [], total: 0, notAssessed: [edge] });
    expect(csv.stdout).toBe(
      'asset,platform,reason\r\nedge-proxy-01,alpine:3.18,no loaded feed covers alpine:3.18\r\n',
    );
  });

  it('findings --json always carries notAssessed; the table says so under the findings', async () => {
    const json = await runCli(['findings', '--json']);
    const text = await runCli(['findings']);

    const body = JSON.parse(json.stdout) as { total: number; notAssessed: unknown[] };
    expect(body.total).toBeGreaterThan(0);
    expect(body.notAssessed).toEqual([edge]);
    expect(text.stdout).toContain(
      '  edge-proxy-01 (alpine:3.18): no loaded feed covers alpine:3.18\n',
    );
  });

  it('findings --status rejects an unknown status and --help names the new ones', async () => {
    const bad = await runCli(['findings', '--status', 'closed']);
    const help = await runCli(['findings', '--help']);

    expect(bad.code).toBe(2);
    expect(help.stdout).toMatch(/"unverifiable"/);
    expect(help.stdout).toMatch(/"not-assessed"/);
  });

  it('import inventory says when no loaded feed covers the host, and exits 0', async () => {
    const other = mkdtempSync(join(tmpdir(), 'patchline-cli-fail-closed-import-'));
    vi.stubEnv('PATCHLINE_DATABASE_URL', join(other, 'p.db'));
    try {
      const feed = await runCli(['import', 'advisories', secdb316]);
      const uncovered = await runCli(['import', 'inventory', alpineInventory, '--name', 'web-1']);
      const covered = await runCli([
        'import',
        'inventory',
        alpineInventory,
        '--name',
        'web-2',
        '--platform',
        'alpine:3.16',
      ]);
      const json = await runCli([
        'import',
        'inventory',
        alpineInventory,
        '--name',
        'web-1',
        '--json',
      ]);

      expect(feed.code).toBe(0);
      expect(uncovered.code).toBe(0);
      expect(uncovered.stdout).toMatch(
        /^imported host web-1 \(alpine:3\.18\): \d+ packages, stored as package set [0-9a-f]{12}(?:, 1 warning)?; not assessed — no loaded feed covers alpine:3\.18\n$/,
      );
      expect(covered.code).toBe(0);
      expect(covered.stdout).not.toContain('not assessed');
      expect(JSON.parse(json.stdout)).toMatchObject({
        assessment: { status: 'not-assessed', reason: 'no loaded feed covers alpine:3.18' },
      });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it.each`
    command
    ${['inventory', 'parse']}
    ${['import', 'inventory', '--name', 'x']}
  `('$command refuses a forced --format the file is not in, exit 2', async ({ command }) => {
    const file = join(sampleEstateDir, 'debian12-base.status');

    const r = await runCli([...(command as string[]), file, '--format', 'rpm']);

    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'is not rpm -qa query output (TSV or JSON) (it looks like dpkg status file: use --format dpkg or auto)',
    );
    expect(r.stderr.split('\n').length).toBeLessThan(5);
  });

  it('import advisories refuses a forced --source the file is not, and a record of the wrong shape', async () => {
    const other = mkdtempSync(join(tmpdir(), 'patchline-cli-fail-closed-adv-'));
    vi.stubEnv('PATCHLINE_DATABASE_URL', join(other, 'p.db'));
    try {
      const alma = join(
        import.meta.dirname,
        '../../advisories/osv/__fixtures__/ALSA-2024_0310.json',
      );
      const bad = join(other, 'ALSA-bad.json');
      const record = JSON.parse(readFileSync(alma, 'utf8')) as Record<string, unknown>;
      writeFileSync(bad, JSON.stringify({ ...record, affected: { package: 'openssl' } }));

      const forced = await runCli(['import', 'advisories', '--source', 'osv', secdb316]);
      const misshapen = await runCli(['import', 'advisories', bad, '--json']);

      expect(forced.code).toBe(2);
      expect(forced.stderr).toContain('--source osv: v3.16-main.json is not');
      expect(forced.stderr).toContain('use --source alpine-secdb');
      expect(misshapen.code).toBe(2);
      expect(JSON.parse(misshapen.stdout)).toMatchObject({
        totals: { inserted: 0, updated: 0, unchanged: 0 },
      });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('findings --status unverifiable shows why each one could not be compared', async () => {
    const other = mkdtempSync(join(tmpdir(), 'patchline-cli-fail-closed-unv-'));
    const url = join(other, 'p.db');
    vi.stubEnv('PATCHLINE_DATABASE_URL', url);
    try {
      expect((await runCli(['demo', '--json'])).code).toBe(0);
      const store = await openStore(url, fixedClock('2026-11-27T09:00:00Z'));
      await store.advisories.upsertMany(
        [sourceAdvisory('DSA-BAD-1', 'not a version', { severity: 'critical' })],
        { rawPayloadId: null, parserVersion: '1' },
      );
      await store.close();

      const csv = await runCli(['findings', '--status', 'unverifiable', '--csv']);
      const json = await runCli(['findings', '--status', 'unverifiable', '--json']);

      expect(csv.code).toBe(0);
      const [head, ...rows] = csv.stdout.trimEnd().split('\r\n');
      expect(head).toBe(
        'asset,kind,image,origin,severity,advisory,cves,package,installed,fixed,status,reason',
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r).toMatch(
          /,DSA-BAD-1,.*,unverifiable,cannot compare: invalid dpkg version 'not a version'/,
        );
      }
      const body = JSON.parse(json.stdout) as { findings: { status: string; reason: string }[] };
      expect(body.findings.length).toBe(rows.length);
      expect(body.findings.every((f) => f.status === 'unverifiable' && f.reason !== '')).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('demo marks the sample host no sample feed covers', async () => {
    const other = mkdtempSync(join(tmpdir(), 'patchline-cli-fail-closed-demo-'));
    vi.stubEnv('PATCHLINE_DATABASE_URL', join(other, 'p.db'));
    try {
      const r = await runCli(['demo']);

      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/│ edge-proxy-01 +│ host +│ alpine:3\.18 +│ +│ not assessed +│/);
      expect(r.stdout).toContain(
        '\nedge-proxy-01 (alpine:3.18): not assessed — no loaded feed covers alpine:3.18\n',
      );
      expect(r.stdout).toMatch(/: 9 assets: \d+ compliant, 1 not assessed, /);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
