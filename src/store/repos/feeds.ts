import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { FeedStateTable } from '../schema.js';
import type {
  FeedAttempt,
  FeedRepository,
  FeedState,
  RawPayload,
  RawPayloadInput,
  RawPayloadMeta,
} from './advisory-types.js';
import type { RepoContext } from './context.js';

/** Raw payloads (deduplicated by source + SHA-256) and per-feed freshness. */
export function feedRepository(ctx: RepoContext): FeedRepository {
  return {
    putPayload: (input) => putPayload(ctx, input),
    getPayload: async (id) => {
      const r = await ctx.db
        .selectFrom('raw_payloads')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!r) return undefined;
      const payload: RawPayload = {
        ...payloadFields(r),
        body: new Uint8Array(r.body.buffer, r.body.byteOffset, r.body.byteLength),
      };
      return payload;
    },
    latestPayloads: (filter) => latestPayloads(ctx, filter?.source),
    recordAttempt: (source, attempt) => recordAttempt(ctx, source, attempt),
    get: async (source) => {
      const r = await ctx.db
        .selectFrom('feed_state')
        .selectAll()
        .where('source', '=', source)
        .executeTakeFirst();
      return r && toState(r);
    },
    list: async () => {
      const rows = await ctx.db.selectFrom('feed_state').selectAll().orderBy('source').execute();
      return rows.map(toState);
    },
  };
}

async function putPayload(
  ctx: RepoContext,
  input: RawPayloadInput,
): Promise<{ id: number; created: boolean }> {
  const sha256 = createHash('sha256').update(input.body).digest('hex');
  const fields = {
    url: input.url,
    fetched_at: ctx.clock.now().toISOString(),
    content_type: input.contentType ?? null,
    etag: input.etag ?? null,
    last_modified: input.lastModified ?? null,
  };
  const existing = await ctx.db
    .selectFrom('raw_payloads')
    .select('id')
    .where('source', '=', input.source)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (existing) {
    await ctx.db.updateTable('raw_payloads').set(fields).where('id', '=', existing.id).execute();
    return { id: existing.id, created: false };
  }
  const row = await ctx.db
    .insertInto('raw_payloads')
    .values({ ...fields, source: input.source, sha256, body: input.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

async function latestPayloads(ctx: RepoContext, source?: string): Promise<RawPayloadMeta[]> {
  let q = ctx.db
    .selectFrom('raw_payloads')
    .select([
      'id',
      'source',
      'url',
      'fetched_at',
      'sha256',
      'content_type',
      'etag',
      'last_modified',
      (eb) => eb.fn<number>('length', ['body']).as('size'),
    ])
    .orderBy('source')
    .orderBy('url')
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc');
  if (source !== undefined) q = q.where('source', '=', source);
  const rows = await q.execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const k = `${r.source}\u0000${r.url}`;
    if (!latest.has(k)) latest.set(k, r);
  }
  const ids = [...latest.values()].map((r) => r.id);
  const versions = new Map<number, string[]>();
  if (ids.length > 0) {
    const vs = await ctx.db
      .selectFrom('advisories')
      .select(['raw_payload_id', 'parser_version'])
      .distinct()
      .where('raw_payload_id', 'is not', null)
      .execute();
    for (const v of vs) {
      const list = versions.get(v.raw_payload_id!) ?? [];
      list.push(v.parser_version);
      versions.set(v.raw_payload_id!, list);
    }
  }
  return [...latest.values()].map((r) => ({
    ...payloadFields(r),
    size: Number(r.size),
    parserVersions: (versions.get(r.id) ?? []).sort(),
  }));
}

async function recordAttempt(
  ctx: RepoContext,
  source: string,
  attempt: FeedAttempt,
): Promise<FeedState> {
  const now = ctx.clock.now().toISOString();
  const fields = {
    last_attempt_at: now,
    ...(attempt.ok
      ? { last_success_at: now, last_error: null }
      : { last_error: attempt.error ?? 'failed' }),
    ...(attempt.etag !== undefined && { etag: attempt.etag }),
    ...(attempt.lastModified !== undefined && { last_modified: attempt.lastModified }),
    ...(attempt.cursor !== undefined && { cursor: JSON.stringify(attempt.cursor) }),
  };
  const row = await ctx.db
    .insertInto('feed_state')
    .values({ source, ...fields })
    .onConflict((oc) => oc.column('source').doUpdateSet(fields))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toState(row);
}

function toState(r: Selectable<FeedStateTable>): FeedState {
  return {
    source: r.source,
    etag: r.etag,
    lastModified: r.last_modified,
    lastAttemptAt: r.last_attempt_at,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error,
    cursor: r.cursor === null ? null : (JSON.parse(r.cursor) as unknown),
  };
}

/** The provenance columns of a `raw_payloads` row, as the domain names them. */
function payloadFields(r: {
  id: number;
  source: string;
  url: string;
  fetched_at: string;
  sha256: string;
  content_type: string | null;
  etag: string | null;
  last_modified: string | null;
}) {
  return {
    id: r.id,
    source: r.source,
    url: r.url,
    fetchedAt: r.fetched_at,
    sha256: r.sha256,
    contentType: r.content_type,
    etag: r.etag,
    lastModified: r.last_modified,
  };
}
