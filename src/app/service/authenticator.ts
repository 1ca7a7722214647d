import type { Principal, RequestOrigin } from '../../domain/access.js';

/** A signed-in browser session: the principal and the CSRF token its mutating calls carry. */
export interface SessionAuth {
  readonly principal: Principal;
  readonly csrf: string;
}

export interface LoginResult extends SessionAuth {
  /** The cookie value; shown to the browser once, stored hashed. */
  readonly sessionId: string;
  readonly expiresAt: string;
}

/**
 * How the server learns who calls. Every method throws AppError UNAUTHENTICATED with one
 * message whatever the reason (unknown, expired, revoked, wrong password); the reason is in
 * `details` for the log only.
 */
export interface Authenticator {
  bearer(secret: string): Promise<Principal>;
  session(id: string): Promise<SessionAuth>;
  login(name: string, password: string, origin: RequestOrigin): Promise<LoginResult>;
  logout(sessionId: string): Promise<void>;
}
