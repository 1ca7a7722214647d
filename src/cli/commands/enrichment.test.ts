import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sourceAdvisory } from '../../../test/advisories.js';
import { runCli } from '../../../test/cli.js';
import { startMirror, type Mirror } from '../../advisories/fetch/testing/mirror.js';
import { fixedClock } from '../../domain/clock.js';
import { openStore } from '../../store/index.js';

const fixtures = join(import.meta.dirname, '../../advisories/enrichment/__fixtures__');
const kevFile = join(fixtures, 'known_exploited_vulnerabilities.json');
const policy = join(import.meta.dirname, '../../../samples/policy/patchline-policy.yaml');
let dir: string;
let db: string;
let mirror: Mirror;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-enrich-'));
  db = join(dir, 'p.db');
  vi.stubEnv('PATCHLINE_DATABASE_URL', db);
  await runCli(['demo', '--json']);
  const store = await openStore(db, fixedClock('2026-11-27T09:00:00Z'));
  await store.advisories.upsertMany(
    [
      sourceAdvisory('DSA-9001-1', '3.0.13-1~deb12u1', {
        cves: ['CVE-2021-4034'],
        source: 'debian-tracker',
      }),
      sourceAdvisory('DSA-9002-1', '3.0.20-1~deb12u1', {
        cves: ['CVE-2023-3446'],
        severity: 'critical',
        source: 'debian-tracker',
      }),
    ],
    { rawPayloadId: null, parserVersion: '1' },
  );
  await store.close();
  mirror = await startMirror();
  mirror.routes.set('/kev.json', { body: readFileSync(kevFile), etag: '"v1"' });
});
beforeEach(() => {
  vi.stubEnv('PATCHLINE_DATABASE_URL', db);
  vi.stubEnv('PATCHLINE_FEED_KEV_URL', `${mirror.url}/kev.json`);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await mirror.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  asset: string;
  advisory: string;
  knownExploited?: boolean;
  kev?: { dueDate: string };
  epss?: { epss: number };
}

async function findings(...args: string[]): Promise<Row[]> {
  const r = await runCli(['findings', '--json', '--asset', 'web-01', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { findings: Row[] }).findings;
}

const advisoriesOf = (rows: readonly Row[]) =>
  [...new Set(rows.map((f) => f.advisory))].filter((a) => a.startsWith('DSA-')).sort();

describe('cli/commands/enrichment', () => {
  it('syncs KEV from the mirror, then answers unchanged on the conditional request', async () => {
    const first = await runCli(['enrichment', 'sync', 'kev', '--json']);
    const second = await runCli(['enrichment', 'sync', 'kev']);

    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject([{ source: 'kev', status: 'ok', rows: 4 }]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/kev\s+│?\s*unchanged/);
    expect(mirror.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('imports EPSS from a gzipped file and lists it in status', async () => {
    const gz = join(dir, 'epss_scores-2026-12-06.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(fixtures, 'epss_scores-2026-12-06.csv'))));

    const r = await runCli(['import', 'epss', gz]);
    const s = await runCli(['enrichment', 'status', '--json']);

    expect(r.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject([
      { source: 'kev', rows: 4 },
      { source: 'epss', rows: 6, version: 'v2025.03.14' },
    ]);
  });

  it.each`
    args                      | kept
    ${[]}                     | ${['DSA-9001-1', 'DSA-9002-1']}
    ${['--kev']}              | ${['DSA-9001-1']}
    ${['--epss-min', '0.5']}  | ${['DSA-9001-1']}
    ${['--epss-min', '0.1%']} | ${['DSA-9001-1', 'DSA-9002-1']}
    ${['--epss-min', '0.9']}  | ${[]}
  `('findings $args keeps $kept', async ({ args, kept }) => {
    await runCli(['import', 'kev', kevFile]);
    await runCli(['import', 'epss', join(fixtures, 'epss_scores-2026-12-06.csv')]);

    const rows = await findings(...(args as string[]));

    expect(advisoriesOf(rows)).toEqual(kept);
  });

  it('shows the KEV due date and EPSS with the finding', async () => {
    await runCli(['import', 'kev', kevFile]);
    await runCli(['import', 'epss', join(fixtures, 'epss_scores-2026-12-06.csv')]);

    const json = await findings('--advisory', 'DSA-9001-1');
    const csv = await runCli([
      'findings',
      '--csv',
      '--asset',
      'web-01',
      '--advisory',
      'DSA-9001-1',
    ]);

    expect(json[0]).toMatchObject({
      knownExploited: true,
      kev: { dueDate: '2022-07-18' },
      epss: { epss: 0.86901 },
    });
    const [head, first] = csv.stdout.split('\r\n');
    expect(head?.split(',').slice(-2)).toEqual(['kevDue', 'epss']);
    expect(first?.split(',').slice(-2)).toEqual(['2022-07-18', '0.86901']);
  });

  it('filters report exposure and report overdue, where KEV tightens the deadline', async () => {
    await runCli(['import', 'kev', kevFile]);

    const x = await runCli(['report', 'exposure', '--kev', '--format', 'json']);
    const o = await runCli(['report', 'overdue', '--kev', '--policy', policy, '--format', 'json']);

    expect(x.code).toBe(0);
    expect(
      (JSON.parse(x.stdout) as { advisories: { id: string }[] }).advisories.map((a) => a.id),
    ).toEqual(['DSA-9001-1']);
    expect(o.code).toBe(0);
    const overdue = JSON.parse(o.stdout) as {
      findings: { advisory: string; due: string; knownExploited?: boolean }[];
    };
    // High on critical-prod is 7d; the KEV listing brings the tier's knownExploited 2d.
    expect(
      new Set(overdue.findings.map((f) => [f.advisory, f.due, f.knownExploited].join())),
    ).toEqual(new Set(['DSA-9001-1,2026-11-29T12:00:00.000Z,true']));
  });

  it.each`
    args                                              | message
    ${['findings', '--epss-min', 'high']}             | ${'--epss-min high'}
    ${['report', 'exposure', '--epss-min', '2']}      | ${'--epss-min 2'}
    ${['import', 'kev', join(fixtures, 'ORIGIN.md')]} | ${'not JSON'}
    ${['enrichment', 'sync', 'nvd']}                  | ${'unknown enrichment source "nvd"'}
  `('refuses $args with exit 2', async ({ args, message }) => {
    const r = await runCli(args as string[]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
