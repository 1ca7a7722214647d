import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePayload } from '../advisories/fetch/payload.js';
import type { Advisory } from '../domain/advisory.js';
import { fixedClock, type FixedClock } from '../domain/clock.js';
import { openStore, type Store } from '../store/index.js';
import { importAdvisoryPaths, reparseStored } from './import-advisories.js';

const fixtures = join(import.meta.dirname, '../advisories/fetch/__fixtures__');
const files = [
  'AlmaLinux-all.zip',
  'cvrf-2024-Mar.xml.gz',
  'database-all.json.bz2',
  'rhsa-2023_7438.json',
  'tracker-json-sample-vunnel.json',
  'v3.16-main.json',
];

const byKey = (a: Advisory, b: Advisory): number =>
  a.source === b.source ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.source < b.source ? -1 : 1;

describe('app/import-advisories', () => {
  let dir: string;
  let store: Store;
  let clock: FixedClock;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-import-adv-'));
    for (const f of files) copyFileSync(join(fixtures, f), join(dir, f));
    clock = fixedClock('2026-11-27T10:00:00.000Z');
    store = await openStore(':memory:', clock);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores real documents of every source losslessly', async () => {
    const r = await importAdvisoryPaths(store, [dir], { actor: 'test' });
    const expected = files.flatMap((f) =>
      parsePayload({ name: f, bytes: readFileSync(join(dir, f)) }, f).groups.flatMap(
        (g) => g.advisories,
      ),
    );

    expect(r.failedFiles).toBe(0);
    expect(r.totals.inserted).toBe(expected.length);
    expect(await store.advisories.all()).toStrictEqual(
      JSON.parse(JSON.stringify(expected.sort(byKey))) as Advisory[],
    );
  });

  it('changes nothing the second time, and says so', async () => {
    const once = await importAdvisoryPaths(store, [dir], { actor: 'test' });
    const first = await store.stats();
    clock.advance(60_000);

    const r = await importAdvisoryPaths(store, [dir], { actor: 'test' });

    expect(r.totals).toEqual({ inserted: 0, updated: 0, unchanged: once.totals.inserted });
    expect(r.files.every((f) => !f.newPayload)).toBe(true);
    const second = await store.stats();
    expect(second.rows.raw_payloads).toBe(first.rows.raw_payloads);
    expect(second.rows.advisory_affected).toBe(first.rows.advisory_affected);
  });

  it('keeps each file verbatim with its path, hash and time', async () => {
    await importAdvisoryPaths(store, [join(dir, 'database-all.json.bz2')], { actor: 'test' });

    const [meta] = await store.feeds.latestPayloads({ source: 'ubuntu-usn' });
    const payload = await store.feeds.getPayload(meta!.id);

    const bytes = readFileSync(join(dir, 'database-all.json.bz2'));
    expect(payload).toMatchObject({
      url: join(dir, 'database-all.json.bz2'),
      fetchedAt: '2026-11-27T10:00:00.000Z',
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(Buffer.from(payload!.body).equals(bytes)).toBe(true);
    expect(await store.feeds.get('ubuntu-usn')).toMatchObject({
      lastSuccessAt: '2026-11-27T10:00:00.000Z',
    });
    expect((await store.audit.list())[0]).toMatchObject({
      action: 'advisories.import',
      object: 'feeds:ubuntu-usn',
      details: { files: 1, failedFiles: 0, inserted: 3 },
    });
  });

  it('fails an unreadable file alone and stores the others', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"distroversion": "v3.16", "packages": [');

    const r = await importAdvisoryPaths(store, [dir], { actor: 'test' });

    expect(r.failedFiles).toBe(1);
    expect(r.files.find((f) => f.file.endsWith('broken.json'))).toMatchObject({
      sources: [],
      failedDocuments: 1,
    });
    expect(r.diagnostics.some((d) => d.location.file?.endsWith('broken.json'))).toBe(true);
    expect((await store.advisories.countBySource())['msrc-cvrf']).toBe(81);
  });

  it('reads every file with --source when given', async () => {
    const r = await importAdvisoryPaths(store, [join(dir, 'v3.16-main.json')], {
      actor: 'test',
      source: 'osv',
    });

    expect(r.failedFiles).toBe(1);
    expect(await store.advisories.all()).toEqual([]);
  });

  it('refuses an unknown --source before reading anything', async () => {
    const run = importAdvisoryPaths(store, [dir], { actor: 'test', source: 'nvd' });

    await expect(run).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await store.stats()).rows.raw_payloads).toBe(0);
  });

  it('re-parses only payloads built by another parser version', async () => {
    await importAdvisoryPaths(store, [dir], { actor: 'test' });

    const r = await reparseStored(store);

    expect(r).toMatchObject({ reparsed: 0, current: files.length });
  });
});
