import type { Selectable } from 'kysely';
import type { SessionsTable } from '../schema.js';
import type { RepoContext } from './context.js';

/** A web session as stored: the SHA-256 of the cookie value, never the value. */
export interface SessionRecord {
  readonly id: string;
  readonly secretHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  /** The absolute end. */
  readonly expiresAt: string;
  readonly endedAt: string | null;
}

export type SessionInput = Pick<SessionRecord, 'secretHash' | 'userId' | 'csrfToken' | 'expiresAt'>;

/** Web sessions (migration `0009-identity`). */
export interface SessionRepository {
  /** A new session, seen now. */
  create(input: SessionInput): Promise<SessionRecord>;
  findBySecretHash(hash: string): Promise<SessionRecord | undefined>;
  /** Sets `last_seen_at` to `at` unless already at or after `notBefore`; true when it wrote. */
  touch(id: string, at: string, notBefore: string): Promise<boolean>;
  /** Ends the session at `at` (an ended one keeps its time); false for an unknown or ended id. */
  end(id: string, at: string): Promise<boolean>;
  /** Ends every open session of the user; how many. */
  endForUser(userId: string, at: string): Promise<number>;
  /** Deletes sessions that ended or expired before `before`; how many. */
  purge(before: string): Promise<number>;
}

function toSession(r: Selectable<SessionsTable>): SessionRecord {
  return {
    id: r.id,
    secretHash: r.secret_hash,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
  };
}

export function sessionRepository(ctx: RepoContext): SessionRepository {
  const { db } = ctx;
  return {
    async create(input) {
      const at = ctx.clock.now().toISOString();
      const row = {
        id: ctx.newId(),
        secret_hash: input.secretHash,
        user_id: input.userId,
        csrf_token: input.csrfToken,
        created_at: at,
        last_seen_at: at,
        expires_at: input.expiresAt,
        ended_at: null,
      };
      await db.insertInto('sessions').values(row).execute();
      return toSession(row);
    },
    async findBySecretHash(hash) {
      const r = await db
        .selectFrom('sessions')
        .selectAll()
        .where('secret_hash', '=', hash)
        .executeTakeFirst();
      return r && toSession(r);
    },
    async touch(id, at, notBefore) {
      const r = await db
        .updateTable('sessions')
        .set({ last_seen_at: at })
        .where('id', '=', id)
        .where('last_seen_at', '<', notBefore)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async end(id, at) {
      const r = await db
        .updateTable('sessions')
        .set({ ended_at: at })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async endForUser(userId, at) {
      const r = await db
        .updateTable('sessions')
        .set({ ended_at: at })
        .where('user_id', '=', userId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async purge(before) {
      const r = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('ended_at', '<', before), eb('expires_at', '<', before)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
