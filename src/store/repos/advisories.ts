import { sql, type Insertable } from 'kysely';
import type { Advisory } from '../../domain/advisory.js';
import { canonicalJson } from '../canonical-json.js';
import type { AdvisoriesTable } from '../schema.js';
import {
  affectedRow,
  fromRows,
  normalize,
  toRowFields,
  type AdvisoryRow,
  type AffectedRow,
} from './advisory-rows.js';
import type { AdvisoryRepository, UpsertCounts, UpsertProvenance } from './advisory-types.js';
import { chunks, type RepoContext } from './context.js';

/** Rows per multi-row INSERT/IN list: 16 columns × 500 stays under every bind limit. */
const batch = 500;

/** Key of an advisory: ids are unique per source only. */
function keyOf(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

/**
 * Advisories in two tables: one row per advisory and one per affected entry, `seq` keeping the
 * vendor's order (row mapping in `advisory-rows.ts`).
 */
export function advisoryRepository(ctx: RepoContext): AdvisoryRepository {
  return {
    all: async (filter) => {
      let q = ctx.db.selectFrom('advisories').selectAll().orderBy('source').orderBy('id');
      if (filter?.source !== undefined) q = q.where('source', '=', filter.source);
      return rebuildAll(ctx, await q.execute(), filter?.source);
    },
    get: async (source, id) => (await loadKeys(ctx, source, [id])).get(id),
    byId: async (id) => {
      const rows = await ctx.db
        .selectFrom('advisories')
        .selectAll()
        .where('id', '=', id)
        .orderBy('source')
        .execute();
      return rebuildAll(ctx, rows);
    },
    byCve: async (cve) => {
      // cves is a JSON array of strings, so the quoted id matches whole entries only.
      const pattern = `%${JSON.stringify(cve).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await ctx.db
        .selectFrom('advisories')
        .selectAll()
        .where((eb) => eb.or([sql<boolean>`cves like ${pattern} escape '\\'`, eb('id', '=', cve)]))
        .orderBy('source')
        .orderBy('id')
        .execute();
      return rebuildAll(ctx, rows);
    },
    upsertMany: (advisories, provenance) => upsertMany(ctx, advisories, provenance),
    platforms: async () => {
      const rows = await ctx.db
        .selectFrom('advisory_affected')
        .select('platform')
        .distinct()
        .execute();
      // Sorted here: database collations order punctuation differently.
      return rows.map((r) => r.platform).sort();
    },
    countBySource: async () => {
      const rows = await ctx.db
        .selectFrom('advisories')
        .select((eb) => ['source', eb.fn.countAll<number | string>().as('n')])
        .groupBy('source')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.source, Number(r.n)]));
    },
    newestDates: async () => {
      const rows = await ctx.db
        .selectFrom('advisories')
        .select((eb) => [
          'source',
          eb.fn.max('modified').as('modified'),
          eb.fn.max('published').as('published'),
        ])
        .groupBy('source')
        .execute();
      return Object.fromEntries(
        rows.map((r) => [
          r.source,
          { modified: r.modified ?? null, published: r.published ?? null },
        ]),
      );
    },
    publishedDates: async () => {
      const rows = await ctx.db
        .selectFrom('advisories')
        .select(['id', 'published'])
        .where('published', 'is not', null)
        .execute();
      return rows.flatMap((r) =>
        r.published === null ? [] : [{ id: r.id, published: r.published }],
      );
    },
  };
}

async function upsertMany(
  ctx: RepoContext,
  advisories: readonly Advisory[],
  prov: UpsertProvenance,
): Promise<UpsertCounts> {
  const bySource = new Map<string, Map<string, Advisory>>();
  for (const a of advisories) {
    const m = bySource.get(a.source) ?? new Map<string, Advisory>();
    m.set(a.id, a);
    bySource.set(a.source, m);
  }
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  for (const [source, byId] of bySource) {
    const stored = await loadKeys(ctx, source, [...byId.keys()]);
    const versionOnly: string[] = [];
    const changed: Advisory[] = [];
    const fresh: Advisory[] = [];
    for (const a of byId.values()) {
      const old = stored.get(a.id);
      if (!old) fresh.push(a);
      else if (canonicalJson(normalize(a)) !== canonicalJson(old)) changed.push(a);
      else {
        unchanged++;
        versionOnly.push(a.id);
      }
    }
    await bumpParserVersion(ctx, source, versionOnly, prov.parserVersion);
    await deleteAffected(
      ctx,
      source,
      changed.map((a) => a.id),
    );
    for (const a of changed) {
      await ctx.db
        .updateTable('advisories')
        .set(toRow(ctx, a, prov))
        .where('source', '=', source)
        .where('id', '=', a.id)
        .execute();
    }
    for (const part of chunks(fresh, batch)) {
      await ctx.db
        .insertInto('advisories')
        .values(part.map((a) => toRow(ctx, a, prov)))
        .execute();
    }
    await insertAffected(ctx, [...changed, ...fresh]);
    inserted += fresh.length;
    updated += changed.length;
  }
  return { inserted, updated, unchanged };
}

/** Stamps the current parser on advisories whose content did not change, where it differs. */
async function bumpParserVersion(
  ctx: RepoContext,
  source: string,
  ids: readonly string[],
  parserVersion: string,
): Promise<void> {
  for (const part of chunks(ids, batch)) {
    await ctx.db
      .updateTable('advisories')
      .set({ parser_version: parserVersion })
      .where('source', '=', source)
      .where('id', 'in', part)
      .where('parser_version', '<>', parserVersion)
      .execute();
  }
}

async function deleteAffected(ctx: RepoContext, source: string, ids: string[]): Promise<void> {
  for (const part of chunks(ids, batch)) {
    await ctx.db
      .deleteFrom('advisory_affected')
      .where('source', '=', source)
      .where('advisory_id', 'in', part)
      .execute();
  }
}

async function insertAffected(ctx: RepoContext, advisories: readonly Advisory[]): Promise<void> {
  const rows = advisories.flatMap((a) => a.affected.map((e, seq) => affectedRow(a, e, seq)));
  for (const part of chunks(rows, batch)) {
    await ctx.db.insertInto('advisory_affected').values(part).execute();
  }
}

/** The stored advisories of `source` among `ids`, by id. */
async function loadKeys(
  ctx: RepoContext,
  source: string,
  ids: readonly string[],
): Promise<Map<string, Advisory>> {
  const out = new Map<string, Advisory>();
  for (const part of chunks(ids, batch)) {
    const rows = await ctx.db
      .selectFrom('advisories')
      .selectAll()
      .where('source', '=', source)
      .where('id', 'in', part)
      .execute();
    for (const a of await rebuildAll(ctx, rows, source)) out.set(a.id, a);
  }
  return out;
}

/**
 * Joins advisory rows with their affected rows. With `wholeSource` every affected row of that
 * source is read in one query (cheaper than IN lists when most of the source is wanted).
 */
async function rebuildAll(
  ctx: RepoContext,
  rows: readonly AdvisoryRow[],
  wholeSource?: string,
): Promise<Advisory[]> {
  if (rows.length === 0) return [];
  const affected = new Map<string, AffectedRow[]>();
  const add = (r: AffectedRow): void => {
    const k = keyOf(r.source, r.advisory_id);
    const list = affected.get(k) ?? [];
    list.push(r);
    affected.set(k, list);
  };
  const small = rows.length <= batch;
  if (small) {
    for (const source of new Set(rows.map((r) => r.source))) {
      const ids = rows.filter((r) => r.source === source).map((r) => r.id);
      const q = ctx.db
        .selectFrom('advisory_affected')
        .selectAll()
        .where('source', '=', source)
        .where('advisory_id', 'in', ids);
      for (const r of await q.orderBy('advisory_id').orderBy('seq').execute()) add(r);
    }
  } else {
    let q = ctx.db.selectFrom('advisory_affected').selectAll();
    if (wholeSource !== undefined) q = q.where('source', '=', wholeSource);
    for (const r of await q.orderBy('source').orderBy('advisory_id').orderBy('seq').execute()) {
      add(r);
    }
  }
  return rows.map((r) => fromRows(r, affected.get(keyOf(r.source, r.id)) ?? []));
}

function toRow(ctx: RepoContext, a: Advisory, prov: UpsertProvenance): Insertable<AdvisoriesTable> {
  return {
    ...toRowFields(a),
    raw_payload_id: prov.rawPayloadId,
    parser_version: prov.parserVersion,
    updated_at: ctx.clock.now().toISOString(),
  };
}
