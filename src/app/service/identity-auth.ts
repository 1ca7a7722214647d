import { actorOf } from '../../domain/access.js';
import type { Clock } from '../../domain/clock.js';
import {
  authenticateSession,
  authenticateToken,
  createSession,
  endSession,
  verifyPassword,
  type PasswordParams,
} from '../identity/index.js';
import type { Store } from '../open-store.js';
import type { Authenticator } from './authenticator.js';

/** The server's authenticator over the stored users, tokens and sessions. */
export function identityAuthenticator(
  store: Store,
  clock: Clock,
  opts: { readonly passwordParams?: PasswordParams } = {},
): Authenticator {
  return {
    bearer: (secret) => authenticateToken(store, secret, clock.now()),
    session: async (id) => {
      const { principal, session } = await authenticateSession(store, id, clock.now());
      return { principal, csrf: session.csrfToken };
    },
    login: async (name, password) => {
      const principal = await verifyPassword(store, name, password, opts);
      const { session, secret } = await createSession(store, clock, {
        principal,
        actor: actorOf(principal),
      });
      return {
        principal,
        csrf: session.csrfToken,
        sessionId: secret,
        expiresAt: session.expiresAt,
      };
    },
    logout: async (id) => {
      await endSession(store, clock, { secret: id, actor: 'system:logout' });
    },
  };
}
