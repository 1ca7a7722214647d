import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Advisory } from '../../domain/advisory.js';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import type { Store } from '../types.js';

/** A fresh migrated store plus a raw read-only query, to see what was (not) written. */
export interface AdvisoryStoreHarness {
  readonly store: Store;
  rows(statement: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** DSA-5532-1 (openssl, bookworm) as the Debian tracker data describes it. */
export const dsa: Advisory = {
  id: 'DSA-5532-1',
  source: 'debian-tracker',
  title: 'openssl - security update',
  published: '2023-10-24',
  vendorSeverity: 'medium',
  severity: 'medium',
  cvss: [{ version: '3.1', score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
  cves: ['CVE-2023-5363'],
  classification: 'security',
  affected: [
    {
      kind: 'package',
      platform: 'debian:12',
      package: 'openssl',
      packageKind: 'source',
      status: 'fixed',
      fixed: '3.0.11-1~deb12u2',
    },
    {
      kind: 'package',
      platform: 'debian:11',
      package: 'openssl',
      packageKind: 'source',
      status: 'not-affected',
    },
  ],
  references: ['https://www.debian.org/security/2023/dsa-5532'],
};

/** The November 2023 Windows 10 22H2 cumulative update, shaped like MSRC CVRF output. */
export const kb: Advisory = {
  id: 'CVE-2023-36025',
  source: 'msrc-cvrf',
  title: 'Windows SmartScreen Security Feature Bypass Vulnerability',
  published: '2023-11-14T08:00:00Z',
  modified: '2023-11-14T08:00:00Z',
  vendorSeverity: 'Important',
  severity: 'high',
  cves: ['CVE-2023-36025'],
  classification: 'security',
  rebootHint: true,
  knownExploited: true,
  affected: [
    {
      kind: 'kb',
      platform: 'windows:10.0.19045',
      product: 'Windows 10 Version 22H2 for x64-based Systems',
      productId: '11929',
      status: 'fixed',
      kb: 'KB5032189',
      supersedes: ['KB5031356'],
      fixedBuild: '10.0.19045.3693',
      restartRequired: true,
    },
  ],
};

/** An apk entry with an architecture restriction and an introduced version. */
export const apk: Advisory = {
  id: 'CVE-2023-46850',
  source: 'alpine-secdb',
  severity: 'none',
  cves: ['CVE-2023-46850'],
  classification: 'security',
  rebootHint: false,
  affected: [
    {
      kind: 'package',
      platform: 'alpine:3.18',
      package: 'openvpn',
      packageKind: 'binary',
      arch: ['x86_64', 'aarch64'],
      status: 'fixed',
      introduced: '2.6.0-r0',
      fixed: '2.6.7-r0',
    },
  ],
};

/** A modular RHEL fix: the entry names its module stream. */
export const modular: Advisory = {
  id: 'RHSA-2025:0002',
  source: 'redhat-csaf',
  severity: 'high',
  cves: ['CVE-2024-53899'],
  classification: 'security',
  affected: [
    {
      kind: 'package',
      platform: 'rhel:8.4-aus',
      package: 'python36',
      packageKind: 'binary',
      arch: ['x86_64'],
      module: 'python36:3.6',
      status: 'fixed',
      fixed: '3.6.8-2.module+el8.4.0+15040+36b018e7.1',
    },
  ],
};

const prov = { rawPayloadId: null, parserVersion: '1' };

/** The advisory and feed repositories' contract, run on SQLite (unit) and PostgreSQL. */
export function runAdvisoryStoreConformance(
  open: (clock: FixedClock) => Promise<AdvisoryStoreHarness>,
): void {
  let h: AdvisoryStoreHarness;
  let store: Store;
  let clock: FixedClock;

  beforeEach(async () => {
    clock = fixedClock('2026-11-27T10:00:00.000Z');
    h = await open(clock);
    store = h.store;
  });
  afterEach(async () => {
    await h.close();
  });

  describe('advisories', () => {
    it('rebuilds every field of every kind of entry, sorted by source and id', async () => {
      const counts = await store.advisories.upsertMany([dsa, kb, apk], prov);

      expect(counts).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
      expect(await store.advisories.all()).toStrictEqual([apk, dsa, kb]);
      expect(await store.advisories.all({ source: 'msrc-cvrf' })).toStrictEqual([kb]);
      expect(await store.advisories.countBySource()).toEqual({
        'alpine-secdb': 1,
        'debian-tracker': 1,
        'msrc-cvrf': 1,
      });
      expect(await store.advisories.platforms()).toEqual(
        [...new Set([apk, dsa, kb].flatMap((a) => a.affected.map((e) => e.platform)))].sort(),
      );
    });

    it('keeps the module stream of a modular fix', async () => {
      await store.advisories.upsertMany([modular, apk], prov);

      expect(await store.advisories.all({ source: 'redhat-csaf' })).toStrictEqual([modular]);
      expect(await store.advisories.all({ source: 'alpine-secdb' })).toStrictEqual([apk]);
    });

    it('gives each source the newest modified and published dates its advisories carry', async () => {
      const older = { ...kb, id: 'CVE-2023-0001', published: '2023-01-10T08:00:00Z' };
      await store.advisories.upsertMany([dsa, kb, apk, { ...older, modified: undefined }], prov);

      const newest = await store.advisories.newestDates();
      const published = await store.advisories.publishedDates();

      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      expect([...published].sort(byId)).toEqual(
        [older, dsa, kb, apk]
          .filter((a) => a.published !== undefined)
          .map((a) => ({ id: a.id, published: a.published }))
          .sort(byId),
      );

      expect(newest).toEqual({
        'alpine-secdb': { modified: null, published: null },
        'debian-tracker': { modified: null, published: '2023-10-24' },
        'msrc-cvrf': { modified: '2023-11-14T08:00:00Z', published: '2023-11-14T08:00:00Z' },
      });
    });

    it('writes nothing for an unchanged advisory', async () => {
      await store.advisories.upsertMany([dsa, kb], prov);
      clock.advance(60_000);

      const counts = await store.advisories.upsertMany([dsa, kb], prov);

      expect(counts).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
      const rows = await h.rows('select updated_at from advisories');
      expect(rows.map((r) => r.updated_at)).toEqual([
        '2026-11-27T10:00:00.000Z',
        '2026-11-27T10:00:00.000Z',
      ]);
    });

    it('rewrites a changed advisory with its new entries and provenance', async () => {
      await store.advisories.upsertMany([dsa], prov);
      clock.advance(60_000);
      const fixedOnly: Advisory = { ...dsa, severity: 'high', affected: dsa.affected.slice(0, 1) };

      const counts = await store.advisories.upsertMany([fixedOnly], {
        rawPayloadId: null,
        parserVersion: '2',
      });

      expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.advisories.get('debian-tracker', 'DSA-5532-1')).toStrictEqual(fixedOnly);
      const rows = await h.rows('select parser_version, updated_at from advisories');
      expect(rows).toEqual([{ parser_version: '2', updated_at: '2026-11-27T10:01:00.000Z' }]);
    });

    it('stamps a new parser version on unchanged advisories without counting an update', async () => {
      await store.advisories.upsertMany([dsa], prov);

      const counts = await store.advisories.upsertMany([dsa], { ...prov, parserVersion: '2' });

      expect(counts.unchanged).toBe(1);
      expect(await h.rows('select parser_version from advisories')).toEqual([
        { parser_version: '2' },
      ]);
    });

    it('keeps the last of two advisories with the same key in one batch', async () => {
      const later = { ...dsa, title: 'openssl - security update (revised)' };

      const counts = await store.advisories.upsertMany([dsa, later], prov);

      expect(counts).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      expect((await store.advisories.all())[0]?.title).toBe(later.title);
    });

    it.each([
      ['CVE-2023-5363', ['DSA-5532-1']],
      ['CVE-2023-536', []],
      ['CVE-2023-36025', ['CVE-2023-36025']],
      ['CVE_2023-5363', []],
      ['%', []],
    ])('byCve(%s) matches whole CVE ids and advisory ids only', async (cve, ids) => {
      await store.advisories.upsertMany([dsa, kb, apk], prov);

      expect((await store.advisories.byCve(cve)).map((a) => a.id)).toEqual(ids);
    });

    it('finds an id in every source that uses it', async () => {
      const osvCopy: Advisory = { ...apk, source: 'osv' };
      await store.advisories.upsertMany([apk, osvCopy], prov);

      const found = await store.advisories.byId('CVE-2023-46850');

      expect(found.map((a) => a.source)).toEqual(['alpine-secdb', 'osv']);
      expect(await store.advisories.get('osv', 'nope')).toBeUndefined();
    });

    it('leaves nothing behind when the transaction fails', async () => {
      const failing = store.transaction(async (tx) => {
        await tx.advisories.upsertMany([dsa], prov);
        throw new Error('document 2 is malformed');
      });

      await expect(failing).rejects.toThrow(/malformed/);
      expect(await store.advisories.all()).toEqual([]);
    });

    it('handles batches larger than one statement', async () => {
      const many = Array.from({ length: 1234 }, (_, i) => ({
        ...dsa,
        id: `DSA-${String(1000 + i)}-1`,
      }));

      expect(await store.advisories.upsertMany(many, prov)).toEqual({
        inserted: 1234,
        updated: 0,
        unchanged: 0,
      });
      const all = await store.advisories.all();
      expect(all).toHaveLength(1234);
      expect(all.every((a) => a.affected.length === 2)).toBe(true);
      expect(await store.advisories.upsertMany(many, prov)).toMatchObject({ unchanged: 1234 });
    });
  });

  describe('feeds', () => {
    const body = new TextEncoder().encode('{"apkurl":"x","packages":[]}');

    it('keeps a body once per source and refreshes its provenance', async () => {
      const first = await store.feeds.putPayload({ source: 'alpine-secdb', url: 'u1', body });
      clock.advance(1000);
      const again = await store.feeds.putPayload({
        source: 'alpine-secdb',
        url: 'u1',
        body,
        etag: '"abc"',
      });
      const other = await store.feeds.putPayload({ source: 'osv', url: 'u1', body });

      expect(first.created).toBe(true);
      expect(again).toEqual({ id: first.id, created: false });
      expect(other.created).toBe(true);
      const stored = await store.feeds.getPayload(first.id);
      expect(stored).toMatchObject({ etag: '"abc"', fetchedAt: '2026-11-27T10:00:01.000Z' });
      expect(Buffer.from(stored!.body).equals(Buffer.from(body))).toBe(true);
      expect(stored!.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('lists the newest payload per URL with the parser versions built from it', async () => {
      const old = await store.feeds.putPayload({ source: 'alpine-secdb', url: 'u1', body });
      clock.advance(1000);
      const newer = new TextEncoder().encode('{"apkurl":"y","packages":[]}');
      const cur = await store.feeds.putPayload({ source: 'alpine-secdb', url: 'u1', body: newer });
      await store.advisories.upsertMany([apk], { rawPayloadId: cur.id, parserVersion: '3' });

      const latest = await store.feeds.latestPayloads({ source: 'alpine-secdb' });

      expect(old.id).not.toBe(cur.id);
      expect(latest).toMatchObject([{ id: cur.id, size: newer.length, parserVersions: ['3'] }]);
    });

    it('records attempts: success clears the error, failure keeps the validators', async () => {
      await store.feeds.recordAttempt('osv', { ok: true, etag: '"v1"', lastModified: 'x' });
      clock.advance(3_600_000);

      const failed = await store.feeds.recordAttempt('osv', { ok: false, error: 'HTTP 503' });

      expect(failed).toEqual({
        source: 'osv',
        etag: '"v1"',
        lastModified: 'x',
        lastAttemptAt: '2026-11-27T11:00:00.000Z',
        lastSuccessAt: '2026-11-27T10:00:00.000Z',
        lastError: 'HTTP 503',
        cursor: null,
      });
      await store.feeds.recordAttempt('osv', { ok: true, cursor: { page: 2 } });
      expect(await store.feeds.list()).toMatchObject([{ lastError: null, cursor: { page: 2 } }]);
      expect(await store.feeds.get('alpine-secdb')).toBeUndefined();
    });
  });
}
