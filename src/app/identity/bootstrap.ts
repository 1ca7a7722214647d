import type { Clock } from '../../domain/clock.js';
import { Role } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Store } from '../../store/index.js';
import { randomText } from './crypto.js';
import { hashPassword } from './password.js';
import { issueToken, type CreatedToken } from './tokens.js';
import { toUser, type HashingOptions, type User } from './users.js';

/** The first admin's name. */
export const bootstrapAdminName = 'admin';
/** How long the first login token lives. */
export const bootstrapTokenLifetimeMs = 24 * 3_600_000;

export interface Bootstrap {
  readonly user: User;
  /** An admin API token for 24 h: the server prints it once; it is not stored in clear. */
  readonly token: CreatedToken;
}

/**
 * First start: when the store holds no user, creates `admin` (role admin) with a random
 * password nobody is told, and an admin API token named `bootstrap` that expires in 24 h. The
 * server prints the token once; with it the admin sets a password (`setPassword`) or makes
 * users and tokens. Audited as `user.create` and `token.create` (reason `bootstrap`, actor
 * `system:bootstrap`). With any user present, or when another process bootstraps at the same
 * moment, nothing is written and the result is undefined.
 */
export async function ensureAdmin(
  store: Store,
  clock: Clock,
  opts: HashingOptions = {},
): Promise<Bootstrap | undefined> {
  if ((await store.users.count()) > 0) return undefined;
  const passwordHash = await hashPassword(randomText(32), opts.passwordParams);
  const actor = 'system:bootstrap';
  try {
    return await store.transaction(async (tx) => {
      if ((await tx.users.count()) > 0) return undefined;
      const admin = await tx.users.create({
        name: bootstrapAdminName,
        role: Role.Admin,
        scope: null,
        passwordHash,
      });
      await tx.audit.append({
        actor,
        action: 'user.create',
        object: `user:${admin.id}`,
        reason: 'bootstrap',
        details: { name: admin.name, role: admin.role, scope: null },
      });
      const token = await issueToken(tx, clock, admin, {
        name: 'bootstrap',
        lifetimeMs: bootstrapTokenLifetimeMs,
        actor,
        reason: 'bootstrap',
      });
      return { user: toUser(admin), token };
    });
  } catch (e) {
    // The other process's admin won the unique name.
    if (e instanceof AppError && e.code === ErrorCode.Conflict) return undefined;
    throw e;
  }
}
