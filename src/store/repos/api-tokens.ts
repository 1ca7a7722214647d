import type { Selectable } from 'kysely';
import type { Role } from '../../domain/access.js';
import type { ApiTokensTable } from '../schema.js';
import type { RepoContext } from './context.js';
import { scopeOf, scopeText, type Scope } from './users.js';

/** An API token as stored: the SHA-256 of its secret, never the secret. */
export interface TokenRecord {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly scope: Scope | null;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export type TokenInput = Pick<
  TokenRecord,
  'id' | 'userId' | 'name' | 'role' | 'scope' | 'secretHash' | 'expiresAt'
>;

/** API tokens (migration `0009-identity`). */
export interface TokenRepository {
  create(input: TokenInput): Promise<TokenRecord>;
  get(id: string): Promise<TokenRecord | undefined>;
  /** Every token, or one user's, newest first; revoked and expired ones too. */
  list(filter?: { readonly userId?: string }): Promise<TokenRecord[]>;
  /**
   * Sets `last_used_at` to `at` unless it is already at or after `notBefore`: one conditional
   * statement, so concurrent requests write at most once per window. True when it wrote.
   */
  touch(id: string, at: string, notBefore: string): Promise<boolean>;
  /** Marks the tokens revoked at `at`; already revoked ones keep their first time. Ids revoked now. */
  revoke(ids: readonly string[], at: string): Promise<string[]>;
}

function toToken(r: Selectable<ApiTokensTable>): TokenRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    role: r.role as Role,
    scope: scopeOf(r.scope),
    secretHash: r.secret_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export function tokenRepository(ctx: RepoContext): TokenRepository {
  const { db } = ctx;
  return {
    async create(input) {
      const row = {
        id: input.id,
        user_id: input.userId,
        name: input.name,
        role: input.role,
        scope: scopeText(input.scope),
        secret_hash: input.secretHash,
        created_at: ctx.clock.now().toISOString(),
        expires_at: input.expiresAt,
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      return toToken(row);
    },
    async get(id) {
      const r = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toToken(r);
    },
    async list(filter) {
      let q = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id');
      if (filter?.userId !== undefined) q = q.where('user_id', '=', filter.userId);
      return (await q.execute()).map(toToken);
    },
    async touch(id, at, notBefore) {
      const r = await db
        .updateTable('api_tokens')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async revoke(ids, at) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('api_tokens')
        .select('id')
        .where('id', 'in', ids)
        .where('revoked_at', 'is', null)
        .execute();
      const live = rows.map((r) => r.id).sort();
      if (live.length > 0) {
        await db
          .updateTable('api_tokens')
          .set({ revoked_at: at })
          .where('id', 'in', live)
          .execute();
      }
      return live;
    },
  };
}
