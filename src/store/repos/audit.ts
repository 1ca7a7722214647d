import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { canonicalJson } from '../canonical-json.js';
import type { AuditEventsTable } from '../schema.js';
import type { AuditEvent, AuditInput, AuditLog, AuditVerification } from '../types.js';
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
      return (await q.execute()).map(toEvent);
    },
    verify: () => verify(ctx),
  };
}

/** Chains the events after the current tail in JS and writes them in multi-row inserts. */
async function appendMany(ctx: RepoContext, events: readonly AuditInput[]): Promise<AuditEvent[]> {
  if (events.length === 0) return [];
  if (ctx.dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${pgLockKey})`.execute(ctx.db);
  }
  const tail = await ctx.db
    .selectFrom('audit_events')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const at = ctx.clock.now().toISOString();
  let prevHash = tail?.hash ?? genesisHash;
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

/** Walks the chain in pages, so memory stays flat however long the log is. */
async function verify(ctx: RepoContext): Promise<AuditVerification> {
  let prev = genesisHash;
  let count = 0;
  let after = -1;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) return { ok: true, count };
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        return { ok: false, count, brokenAt: r.seq, problem: 'prev_hash does not match' };
      }
      const expected = auditHash({ ...r, prevHash: r.prev_hash });
      if (expected !== r.hash) {
        return { ok: false, count, brokenAt: r.seq, problem: 'hash does not match content' };
      }
      prev = r.hash;
      count++;
      after = r.seq;
    }
  }
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
