import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { canonicalJson } from '../canonical-json.js';
import type { AuditEventsTable } from '../schema.js';
import type {
  AuditAnchor,
  AuditCheck,
  AuditEvent,
  AuditHead,
  AuditInput,
  AuditLog,
} from '../types.js';
import { chunks, type RepoContext } from './context.js';

/** `prev_hash` of the first event. */
export const genesisHash = '0'.repeat(64);

/** Serialises appenders on PostgreSQL so two transactions never extend the same tail. */
const pgLockKey = 0x70617463; // "patc"

/**
 * Hash of one event: SHA-256 (hex) over the JSON array
 * `[prevHash, at, actor, action, object, reason, details]`, details in canonical JSON.
 * Changing any field, or any earlier event, changes every hash after it.
 */
export function auditHash(e: {
  prevHash: string;
  at: string;
  actor: string;
  action: string;
  object: string;
  reason: string | null;
  details: string | null;
}): string {
  const text = JSON.stringify([e.prevHash, e.at, e.actor, e.action, e.object, e.reason, e.details]);
  return createHash('sha256').update(text).digest('hex');
}

/** The append-only audit log; the database refuses UPDATE and DELETE on it (migration 0001). */
export function auditLog(ctx: RepoContext): AuditLog {
  return {
    append: async (event) => (await appendMany(ctx, [event]))[0]!,
    appendMany: (events) => appendMany(ctx, events),
    list: async (opts) => {
      let q = ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(opts?.limit ?? 100);
      if (opts?.object !== undefined) q = q.where('object', '=', opts.object);
      if (opts?.actor !== undefined) q = q.where('actor', '=', opts.actor);
      if (opts?.since !== undefined) q = q.where('at', '>=', opts.since);
      return (await q.execute()).map(toEvent);
    },
    verify: async () => {
      const { ok, count, brokenAt, problem } = await check(ctx, undefined);
      return { ok, count, ...(brokenAt !== undefined && { brokenAt, problem }) };
    },
    check: (anchor) => check(ctx, anchor),
    head: () => head(ctx),
  };
}

async function head(ctx: RepoContext): Promise<AuditHead | undefined> {
  const tail = await ctx.db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!tail) return undefined;
  const n = await ctx.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return { seq: tail.seq, hash: tail.hash, count: Number(n.n) };
}

/** Recomputes a stored row's hash from its content and link. */
function rowHash(r: Selectable<AuditEventsTable>): string {
  return auditHash({ ...r, prevHash: r.prev_hash });
}

/**
 * The tail a new event would chain onto, checked: its hash must match its content and its link
 * the event before it. Two rows read, whatever the log's length; a break further back is for
 * `verify`.
 */
async function checkedTail(ctx: RepoContext): Promise<string> {
  const [tail, before] = await ctx.db
    .selectFrom('audit_events')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(2)
    .execute();
  if (!tail) return genesisHash;
  const problem =
    rowHash(tail) !== tail.hash
      ? 'its hash does not match its content'
      : tail.prev_hash !== (before?.hash ?? genesisHash)
        ? 'its prev_hash does not match the event before it'
        : undefined;
  if (problem === undefined) return tail.hash;
  throw new AppError(
    ErrorCode.AuditBroken,
    `the audit log is broken at seq ${tail.seq} (${problem}): refusing to chain onto it; run \`patchline audit verify\``,
    { details: { brokenAt: tail.seq } },
  );
}

/** Chains the events after the current tail in JS and writes them in multi-row inserts. */
async function appendMany(ctx: RepoContext, events: readonly AuditInput[]): Promise<AuditEvent[]> {
  if (events.length === 0) return [];
  if (ctx.dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${pgLockKey})`.execute(ctx.db);
  }
  let prevHash = await checkedTail(ctx);
  const at = ctx.clock.now().toISOString();
  const rows = events.map((event) => {
    const fields = {
      prevHash,
      at,
      actor: event.actor,
      action: event.action,
      object: event.object,
      reason: event.reason ?? null,
      details: event.details === undefined ? null : canonicalJson(event.details),
    };
    prevHash = auditHash(fields);
    return {
      at,
      actor: fields.actor,
      action: fields.action,
      object: fields.object,
      reason: fields.reason,
      details: fields.details,
      prev_hash: fields.prevHash,
      hash: prevHash,
    };
  });
  const out: AuditEvent[] = [];
  for (const part of chunks(rows, 100)) {
    const got = await ctx.db.insertInto('audit_events').values(part).returningAll().execute();
    out.push(...got.sort((a, b) => a.seq - b.seq).map(toEvent));
  }
  return out;
}

/**
 * Walks the chain in pages, so memory stays flat however long the log is. With an anchor, the
 * anchored event must still be there with the anchored hash and as many events up to it: a
 * deleted tail, or a log rebuilt from an earlier point, no longer matches.
 */
async function check(ctx: RepoContext, anchor: AuditAnchor | undefined): Promise<AuditCheck> {
  let prev = genesisHash;
  let count = 0;
  let after = -1;
  let last: AuditHead | undefined;
  let anchored: { hash: string; count: number } | undefined;
  const withAnchor = anchor === undefined ? {} : { anchor };
  const broken = (brokenAt: number, problem: string): AuditCheck => ({
    ok: false,
    count,
    brokenAt,
    problem,
    ...(last && { head: last }),
    ...withAnchor,
  });
  for (;;) {
    const rows = await ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) return broken(r.seq, 'prev_hash does not match');
      if (rowHash(r) !== r.hash) return broken(r.seq, 'hash does not match content');
      prev = r.hash;
      count++;
      after = r.seq;
      last = { seq: r.seq, hash: r.hash, count };
      if (anchor && r.seq === anchor.seq) anchored = { hash: r.hash, count };
    }
  }
  if (anchor) {
    if (anchored === undefined) {
      const end = last?.seq ?? 0;
      return broken(
        end + 1,
        anchor.seq > end
          ? `truncated: the log ends at seq ${end} but the anchor of ${anchor.at} names seq ${anchor.seq}`
          : `the anchored event seq ${anchor.seq} is missing`,
      );
    }
    if (anchored.hash !== anchor.hash) {
      return broken(anchor.seq, `hash differs from the anchor of ${anchor.at}`);
    }
    if (anchored.count !== anchor.count) {
      return broken(
        anchor.seq,
        `${anchored.count} events up to seq ${anchor.seq}, the anchor of ${anchor.at} counted ${anchor.count}`,
      );
    }
  }
  return { ok: true, count, ...(last && { head: last }), ...withAnchor };
}

function toEvent(r: Selectable<AuditEventsTable>): AuditEvent {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    object: r.object,
    reason: r.reason,
    ...(r.details !== null && { details: JSON.parse(r.details) as Record<string, unknown> }),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
