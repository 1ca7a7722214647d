import type { Clock } from '../../domain/clock.js';
import { roles, roleWithin, scopeWithin, type Principal, type Role } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Scope, Store, StoreRepos, UserRecord } from '../../store/index.js';
import { AuthenticationFailed } from './errors.js';
import {
  checkPasswordRules,
  defaultPasswordParams,
  dummyHash,
  hashPassword,
  needsRehash,
  passwordParamsOf,
  verifyPasswordHash,
  type PasswordParams,
} from './password.js';
import { toScope } from './scope.js';

/** A user as use cases hand it out: never the password hash. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Absent: the whole estate. */
  readonly scope?: Scope;
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

/** What every mutating use case takes. */
export interface Acting {
  /** Who acts (`cli:alice`, `user:bob`), for the audit log. */
  readonly actor: string;
}

/** Hashing cost for new and upgraded hashes; tests pass a cheap one. */
export interface HashingOptions {
  /** @default defaultPasswordParams */
  readonly passwordParams?: PasswordParams;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Refuses a name that is not 1-64 ASCII letters, digits, `.`, `_`, `@`, `-` (first alphanumeric). */
export function checkUserName(name: string): void {
  if (!namePattern.test(name)) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `user name must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit: ${JSON.stringify(name)}`,
    );
  }
}

export function checkRole(role: string): Role {
  if (!(roles as readonly string[]).includes(role)) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `unknown role ${JSON.stringify(role)}: expected one of ${roles.join(', ')}`,
    );
  }
  return role as Role;
}

export function toUser(r: UserRecord): User {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    ...(r.scope !== null && { scope: r.scope }),
    createdAt: r.createdAt,
    disabledAt: r.disabledAt,
  };
}

export function principalOf(r: UserRecord): Principal {
  return {
    kind: 'user',
    id: r.id,
    name: r.name,
    role: r.role,
    ...(r.scope !== null && { scope: r.scope }),
  };
}

/** The user named `name` (any case); NOT_FOUND otherwise. */
export async function namedUser(tx: StoreRepos, name: string): Promise<UserRecord> {
  const u = await tx.users.findByName(name);
  if (!u) {
    throw new AppError(ErrorCode.NotFound, `no user named ${name}`, { location: { record: name } });
  }
  return u;
}

export interface CreateUserInput extends Acting, HashingOptions {
  readonly name: string;
  readonly role: Role;
  readonly scope?: Scope;
  readonly password: string;
}

/** Creates a user; audited as `user.create`. CONFLICT when the name is taken in any case. */
export async function createUser(store: Store, input: CreateUserInput): Promise<User> {
  checkUserName(input.name);
  const role = checkRole(input.role);
  const scope = input.scope === undefined ? null : toScope(input.scope);
  checkPasswordRules(input.password, input.name);
  const passwordHash = await hashPassword(input.password, input.passwordParams);
  return store.transaction(async (tx) => {
    const r = await tx.users.create({ name: input.name, role, scope, passwordHash });
    await tx.audit.append({
      actor: input.actor,
      action: 'user.create',
      object: `user:${r.id}`,
      details: { name: r.name, role, scope },
    });
    return toUser(r);
  });
}

/** Every user, disabled ones too, by name. */
export async function listUsers(store: Store): Promise<User[]> {
  return (await store.users.list()).map(toUser);
}

export interface AccessChange {
  readonly user: User;
  /** False when nothing changed; nothing was written or audited then. */
  readonly changed: boolean;
  /** Ids of the user's tokens revoked because they now reach further than the user. */
  readonly revokedTokens: readonly string[];
}

/**
 * Changes a user's role and, when `scope` is given, scope (null: the whole estate); audited
 * as `user.set-access`. The user's live tokens that would exceed the new role or scope are
 * revoked in the same transaction, so a token never reaches further than its owner.
 */
export async function setAccess(
  store: Store,
  clock: Clock,
  input: Acting & {
    readonly name: string;
    readonly role?: Role;
    readonly scope?: Scope | null;
  },
): Promise<AccessChange> {
  const role = input.role === undefined ? undefined : checkRole(input.role);
  const scope =
    input.scope === undefined || input.scope === null ? input.scope : toScope(input.scope);
  return store.transaction(async (tx) => {
    const before = await namedUser(tx, input.name);
    const nextRole = role ?? before.role;
    const nextScope = scope === undefined ? before.scope : scope;
    const same =
      nextRole === before.role && JSON.stringify(nextScope) === JSON.stringify(before.scope);
    if (same) return { user: toUser(before), changed: false, revokedTokens: [] };
    const at = clock.now().toISOString();
    const after = await tx.users.update(before.id, { role: nextRole, scope: nextScope });
    const exceeding = (await tx.tokens.list({ userId: after.id })).filter(
      (t) =>
        t.revokedAt === null &&
        !(
          roleWithin(t.role, nextRole) && scopeWithin(t.scope ?? undefined, nextScope ?? undefined)
        ),
    );
    const revokedTokens = await tx.tokens.revoke(
      exceeding.map((t) => t.id),
      at,
    );
    await tx.audit.append({
      actor: input.actor,
      action: 'user.set-access',
      object: `user:${after.id}`,
      details: {
        name: after.name,
        from: { role: before.role, scope: before.scope },
        to: { role: nextRole, scope: nextScope },
        revokedTokens,
      },
    });
    return { user: toUser(after), changed: true, revokedTokens };
  });
}

/** {@link setAccess} with a role only. */
export function setRole(
  store: Store,
  clock: Clock,
  input: Acting & { readonly name: string; readonly role: Role },
): Promise<AccessChange> {
  return setAccess(store, clock, input);
}

/** {@link setAccess} with a scope only; null gives the whole estate. */
export function setScope(
  store: Store,
  clock: Clock,
  input: Acting & { readonly name: string; readonly scope: Scope | null },
): Promise<AccessChange> {
  return setAccess(store, clock, input);
}

export interface DisableResult {
  readonly user: User;
  readonly changed: boolean;
  readonly revokedTokens: number;
  readonly endedSessions: number;
}

/**
 * Disables a user: no password, token or session of theirs authenticates again; their tokens
 * are revoked and sessions ended. Audited as `user.disable`; a disabled user is unchanged.
 */
export function disableUser(
  store: Store,
  clock: Clock,
  input: Acting & { readonly name: string; readonly reason?: string },
): Promise<DisableResult> {
  return store.transaction(async (tx) => {
    const before = await namedUser(tx, input.name);
    if (before.disabledAt !== null) {
      return { user: toUser(before), changed: false, revokedTokens: 0, endedSessions: 0 };
    }
    const at = clock.now().toISOString();
    const after = await tx.users.update(before.id, { disabledAt: at });
    const live = (await tx.tokens.list({ userId: after.id })).filter((t) => t.revokedAt === null);
    const revoked = await tx.tokens.revoke(
      live.map((t) => t.id),
      at,
    );
    const endedSessions = await tx.sessions.endForUser(after.id, at);
    await tx.audit.append({
      actor: input.actor,
      action: 'user.disable',
      object: `user:${after.id}`,
      reason: input.reason ?? null,
      details: { name: after.name, revokedTokens: revoked, endedSessions },
    });
    return { user: toUser(after), changed: true, revokedTokens: revoked.length, endedSessions };
  });
}

/** Sets a new password (rules as `createUser`) and ends the user's sessions; audited as `user.set-password`. */
export async function setPassword(
  store: Store,
  clock: Clock,
  input: Acting & HashingOptions & { readonly name: string; readonly password: string },
): Promise<User> {
  checkPasswordRules(input.password, input.name);
  const passwordHash = await hashPassword(input.password, input.passwordParams);
  return store.transaction(async (tx) => {
    const before = await namedUser(tx, input.name);
    const after = await tx.users.update(before.id, { passwordHash });
    const endedSessions = await tx.sessions.endForUser(after.id, clock.now().toISOString());
    await tx.audit.append({
      actor: input.actor,
      action: 'user.set-password',
      object: `user:${after.id}`,
      details: { name: after.name, endedSessions },
    });
    return toUser(after);
  });
}

/**
 * The principal for `name` and `password`, or {@link AuthenticationFailed} (one message
 * whatever the reason). An unknown or malformed name is checked against a dummy hash of the
 * current parameters and a disabled user against their own, so every outcome costs one scrypt
 * run. A hash made with other parameters is replaced on success (audited as `user.rehash`).
 */
export async function verifyPassword(
  store: Store,
  name: string,
  password: string,
  opts: HashingOptions = {},
): Promise<Principal> {
  const params = opts.passwordParams ?? defaultPasswordParams;
  // Made before the lookup, so the one-off cost of the first dummy falls on any name alike.
  const dummy = await dummyHash(params);
  const user = namePattern.test(name) ? await store.users.findByName(name) : undefined;
  const ok = await verifyPasswordHash(password, user?.passwordHash ?? dummy);
  if (!user) throw new AuthenticationFailed('unknown', 'password');
  if (!ok) throw new AuthenticationFailed('bad-password', 'password');
  if (user.disabledAt !== null) throw new AuthenticationFailed('disabled', 'password');
  if (needsRehash(user.passwordHash, params)) {
    const passwordHash = await hashPassword(password, params);
    await store.transaction(async (tx) => {
      await tx.users.update(user.id, { passwordHash });
      await tx.audit.append({
        actor: `user:${user.name}`,
        action: 'user.rehash',
        object: `user:${user.id}`,
        details: { name: user.name, from: passwordParamsOf(user.passwordHash) ?? null, to: params },
      });
    });
  }
  return principalOf(user);
}
