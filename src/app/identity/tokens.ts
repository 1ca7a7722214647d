import { randomBytes } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import {
  can,
  Permission,
  roleWithin,
  scopeWithin,
  type Principal,
  type Role,
} from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { durationMs, durationPattern } from '../../policy/duration.js';
import type { Scope, Store, StoreRepos, TokenRecord, UserRecord } from '../../store/index.js';
import { bestEffort, randomText, safeEqual, sha256Hex } from './crypto.js';
import { AuthenticationFailed } from './errors.js';
import { formatScope, toScope } from './scope.js';
import { checkRole, namedUser, type Acting } from './users.js';

/** What every token's text starts with, so scanners and people recognise a leaked one. */
export const tokenPrefix = 'plt_';
const tokenText = /^plt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const day = 86_400_000;
export const defaultTokenLifetimeMs = 90 * day;
export const maxTokenLifetimeMs = 365 * day;
/** `last_used_at` is written at most this often per token. */
export const lastUsedResolutionMs = 60_000;

/** A token as listed: never the secret nor its hash. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly userName: string;
  readonly role: Role;
  /** Absent: the whole estate (as far as the owner reaches). */
  readonly scope?: Scope;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly state: 'active' | 'expired' | 'revoked';
}

/** A new token with its secret: shown once, never stored. */
export interface CreatedToken {
  readonly token: ApiToken;
  /** `plt_<id>_<secret>`: what the caller sends as `Authorization: Bearer …`. */
  readonly secret: string;
}

/** Milliseconds in `90d`, `12h`, `2w`, `30m`; INPUT_INVALID otherwise. */
export function parseTokenLifetime(text: string): number {
  if (!durationPattern.test(text)) {
    throw new AppError(ErrorCode.InputInvalid, `"${text}" is not a lifetime like 90d, 12h or 2w`);
  }
  return durationMs(text);
}

function view(t: TokenRecord, userName: string, now: Date): ApiToken {
  return {
    id: t.id,
    name: t.name,
    userId: t.userId,
    userName,
    role: t.role,
    ...(t.scope !== null && { scope: t.scope }),
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    state:
      t.revokedAt !== null
        ? 'revoked'
        : now.getTime() >= Date.parse(t.expiresAt)
          ? 'expired'
          : 'active',
  };
}

export interface TokenSpec {
  readonly name: string;
  /** @default the owner's role */
  readonly role?: Role;
  /** @default the owner's scope */
  readonly scope?: Scope;
  /** @default defaultTokenLifetimeMs; at most maxTokenLifetimeMs */
  readonly lifetimeMs?: number;
}

/** Checks `spec` against its owner and writes the token and its audit event in `tx`. */
export async function issueToken(
  tx: StoreRepos,
  clock: Clock,
  owner: UserRecord,
  spec: TokenSpec & Acting & { readonly reason?: string },
): Promise<CreatedToken> {
  const name = spec.name.trim();
  if (name.length === 0 || name.length > 64 || /[\p{Cc}]/u.test(name)) {
    throw new AppError(ErrorCode.InputInvalid, 'a token name is 1-64 printable characters');
  }
  if (owner.disabledAt !== null) {
    throw new AppError(ErrorCode.Conflict, `user ${owner.name} is disabled`);
  }
  const role = spec.role === undefined ? owner.role : checkRole(spec.role);
  const scope = spec.scope === undefined ? owner.scope : toScope(spec.scope);
  if (!roleWithin(role, owner.role)) {
    throw new AppError(
      ErrorCode.Forbidden,
      `a token of ${owner.name} (${owner.role}) may not be ${role}: a token never holds more than its owner`,
      { details: { owner: owner.role, requested: role } },
    );
  }
  if (!scopeWithin(scope ?? undefined, owner.scope ?? undefined)) {
    throw new AppError(
      ErrorCode.Forbidden,
      `a token of ${owner.name} (scope ${formatScope(owner.scope)}) may not reach ${formatScope(scope)}: it must keep every label of the owner's scope`,
      { details: { owner: owner.scope, requested: scope } },
    );
  }
  const lifetime = spec.lifetimeMs ?? defaultTokenLifetimeMs;
  if (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > maxTokenLifetimeMs) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `a token lives more than 0 and at most 365 days (asked: ${lifetime} ms)`,
    );
  }
  const now = clock.now();
  const id = randomBytes(8).toString('hex');
  const secret = `${tokenPrefix}${id}_${randomText(32)}`;
  const expiresAt = new Date(now.getTime() + lifetime).toISOString();
  const record = await tx.tokens.create({
    id,
    userId: owner.id,
    name,
    role,
    scope,
    secretHash: sha256Hex(secret),
    expiresAt,
  });
  await tx.audit.append({
    actor: spec.actor,
    action: 'token.create',
    object: `token:${id}`,
    reason: spec.reason ?? null,
    details: { name, user: owner.name, role, scope, expiresAt },
  });
  return { token: view(record, owner.name, now), secret };
}

export interface CreateTokenInput extends TokenSpec, Acting {
  /** Owner's user name. */
  readonly user: string;
  /**
   * The caller, when it is an API principal: without the admin permission it may only make
   * tokens for itself, within its own (possibly token-narrowed) role and scope.
   */
  readonly by?: Principal;
}

/**
 * Creates an API token for `user`; audited as `token.create` (without the secret). Its role
 * and scope default to the owner's and may only narrow them (FORBIDDEN otherwise); it expires
 * after 90 days by default, 365 at most. The secret is returned once: only its SHA-256 is kept.
 */
export function createToken(
  store: Store,
  clock: Clock,
  input: CreateTokenInput,
): Promise<CreatedToken> {
  return store.transaction(async (tx) => {
    const owner = await namedUser(tx, input.user);
    const by = input.by;
    if (by && !can(by, Permission.Admin)) {
      const role = input.role ?? owner.role;
      const scope = input.scope ?? owner.scope ?? undefined;
      if (by.id !== owner.id || !roleWithin(role, by.role) || !scopeWithin(scope, by.scope)) {
        throw new AppError(
          ErrorCode.Forbidden,
          'only an admin makes tokens for others or wider than the token in use',
        );
      }
    }
    return issueToken(tx, clock, owner, input);
  });
}

/** Every token (or `user`'s), newest first, with its state at `clock`; never a secret. */
export async function listTokens(
  store: Store,
  clock: Clock,
  filter: { readonly user?: string } = {},
): Promise<ApiToken[]> {
  const users = new Map((await store.users.list()).map((u) => [u.id, u]));
  let userId: string | undefined;
  if (filter.user !== undefined) {
    userId = (await namedUser(store, filter.user)).id;
  }
  const now = clock.now();
  const rows = await store.tokens.list(userId === undefined ? {} : { userId });
  return rows.map((t) => view(t, users.get(t.userId)?.name ?? t.userId, now));
}

export interface RevokeResult {
  readonly token: ApiToken;
  /** False when it was revoked already (nothing written or audited). */
  readonly changed: boolean;
}

/**
 * Revokes the token with `id`; audited as `token.revoke`. NOT_FOUND for an unknown id, and
 * for another user's token when `by` lacks the admin permission.
 */
export function revokeToken(
  store: Store,
  clock: Clock,
  input: Acting & { readonly id: string; readonly by?: Principal; readonly reason?: string },
): Promise<RevokeResult> {
  return store.transaction(async (tx) => {
    const t = await tx.tokens.get(input.id);
    const hidden = t && input.by && !can(input.by, Permission.Admin) && input.by.id !== t.userId;
    if (!t || hidden) {
      throw new AppError(ErrorCode.NotFound, `no token with id ${input.id}`, {
        location: { record: input.id },
      });
    }
    const owner = (await tx.users.get(t.userId))?.name ?? t.userId;
    const now = clock.now();
    if (t.revokedAt !== null) return { token: view(t, owner, now), changed: false };
    const at = now.toISOString();
    await tx.tokens.revoke([t.id], at);
    await tx.audit.append({
      actor: input.actor,
      action: 'token.revoke',
      object: `token:${t.id}`,
      reason: input.reason ?? null,
      details: { name: t.name, user: owner },
    });
    return { token: view({ ...t, revokedAt: at }, owner, now), changed: true };
  });
}

/** Compared against when the id is unknown, so that path hashes and compares too. */
const dummyTokenHash = sha256Hex(`${tokenPrefix}${'0'.repeat(16)}_${'A'.repeat(43)}`);

/**
 * The principal an API token stands for at `now`: its owner, with the token's role and scope
 * and `tokenId` set; or {@link AuthenticationFailed} with one message whatever the reason
 * (malformed, unknown, bad-secret, revoked, expired, disabled, exceeds-owner in `reason`).
 * The secret's hash is compared in constant time. `last_used_at` is written at most once per
 * {@link lastUsedResolutionMs}, so a busy token does not write on every request.
 */
export async function authenticateToken(
  store: Store,
  secret: string,
  now: Date,
): Promise<Principal> {
  const m = tokenText.exec(secret);
  const presented = sha256Hex(secret);
  if (!m) {
    safeEqual(presented, dummyTokenHash);
    throw new AuthenticationFailed('malformed', 'token');
  }
  const t = await store.tokens.get(m[1]!);
  const match = safeEqual(presented, t?.secretHash ?? dummyTokenHash);
  if (!t) throw new AuthenticationFailed('unknown', 'token');
  if (!match) throw new AuthenticationFailed('bad-secret', 'token');
  if (t.revokedAt !== null) throw new AuthenticationFailed('revoked', 'token');
  if (now.getTime() >= Date.parse(t.expiresAt)) throw new AuthenticationFailed('expired', 'token');
  const owner = await store.users.get(t.userId);
  if (!owner || owner.disabledAt !== null) throw new AuthenticationFailed('disabled', 'token');
  // Narrowing the owner revokes such tokens (`setAccess`); this is the second line.
  if (
    !roleWithin(t.role, owner.role) ||
    !scopeWithin(t.scope ?? undefined, owner.scope ?? undefined)
  ) {
    throw new AuthenticationFailed('exceeds-owner', 'token');
  }
  const cutoff = now.getTime() - lastUsedResolutionMs;
  if (t.lastUsedAt === null || Date.parse(t.lastUsedAt) <= cutoff) {
    await bestEffort(() =>
      store.tokens.touch(t.id, now.toISOString(), new Date(cutoff + 1).toISOString()),
    );
  }
  return {
    kind: 'user',
    id: owner.id,
    name: owner.name,
    role: t.role,
    ...(t.scope !== null && { scope: t.scope }),
    tokenId: t.id,
  };
}
