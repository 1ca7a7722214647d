import type { Clock } from '../../domain/clock.js';
import type { Principal } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { SessionRecord, Store } from '../../store/index.js';
import { bestEffort, randomText, safeEqual, sha256Hex } from './crypto.js';
import { AuthenticationFailed } from './errors.js';
import { principalOf, type Acting } from './users.js';

/** A session ends after this long without a request. */
export const sessionIdleMs = 30 * 60_000;
/** …and this long after login, however busy. */
export const sessionAbsoluteMs = 12 * 3_600_000;
/** `last_seen_at` is written at most this often, so the idle end may come up to this early. */
export const sessionTouchMs = 60_000;

const sessionPrefix = 'pls_';
const sessionText = /^pls_[A-Za-z0-9_-]{43}$/;

/**
 * How the web UI's session cookie is set. `__Host-` (which browsers accept only with Secure,
 * Path=/ and no Domain) pins the cookie to this origin; without TLS the plain name is used.
 * Max-Age is the absolute lifetime: the idle end is enforced on the server.
 */
export const sessionCookie = {
  name: 'patchline_session',
  secureName: '__Host-patchline_session',
  httpOnly: true,
  sameSite: 'Strict',
  path: '/',
  maxAgeSeconds: sessionAbsoluteMs / 1000,
} as const;

/** The header a state-changing request of the web UI carries its session's CSRF token in. */
export const csrfHeader = 'x-csrf-token';

/** The cookie's name and attributes; `tls` when the server (or its proxy) serves HTTPS. */
export function sessionCookieAttributes(tls: boolean): {
  readonly name: string;
  readonly httpOnly: true;
  readonly sameSite: 'Strict';
  readonly secure: boolean;
  readonly path: '/';
  readonly maxAgeSeconds: number;
} {
  return {
    name: tls ? sessionCookie.secureName : sessionCookie.name,
    httpOnly: true,
    sameSite: 'Strict',
    secure: tls,
    path: '/',
    maxAgeSeconds: sessionCookie.maxAgeSeconds,
  };
}

/** A session as the API sees it; never the cookie value nor its hash. */
export interface SessionView {
  readonly id: string;
  readonly userId: string;
  /** Sent to the page; each state-changing request echoes it in {@link csrfHeader}. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When the session ends unless used before. */
  readonly idleExpiresAt: string;
}

export interface CreatedSession {
  readonly session: SessionView;
  /** The cookie value (`pls_…`): set once, never stored. */
  readonly secret: string;
}

function view(s: SessionRecord, lastSeenAt = s.lastSeenAt): SessionView {
  const idle = Math.min(Date.parse(lastSeenAt) + sessionIdleMs, Date.parse(s.expiresAt));
  return {
    id: s.id,
    userId: s.userId,
    csrfToken: s.csrfToken,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    idleExpiresAt: new Date(idle).toISOString(),
  };
}

/**
 * Opens a web session for `principal` (after `verifyPassword`); audited as `session.create`.
 * The cookie value is random (32 bytes) and stored only as its SHA-256; the CSRF token is
 * random per session.
 */
export function createSession(
  store: Store,
  clock: Clock,
  input: Acting & { readonly principal: Principal },
): Promise<CreatedSession> {
  return store.transaction(async (tx) => {
    const user = await tx.users.get(input.principal.id);
    if (!user || user.disabledAt !== null || input.principal.kind !== 'user') {
      throw new AppError(ErrorCode.Forbidden, 'only an enabled user opens a session');
    }
    const now = clock.now();
    const secret = `${sessionPrefix}${randomText(32)}`;
    const record = await tx.sessions.create({
      secretHash: sha256Hex(secret),
      userId: user.id,
      csrfToken: randomText(32),
      expiresAt: new Date(now.getTime() + sessionAbsoluteMs).toISOString(),
    });
    await tx.audit.append({
      actor: input.actor,
      action: 'session.create',
      object: `session:${record.id}`,
      details: { user: user.name, expiresAt: record.expiresAt },
    });
    return { session: view(record), secret };
  });
}

/**
 * The principal of the session whose cookie value is `secret`, at `now`, with the user's
 * current role and scope; or {@link AuthenticationFailed} (malformed, unknown, ended, expired,
 * idle, disabled). Using the session slides its idle end, written at most once a minute.
 */
export async function authenticateSession(
  store: Store,
  secret: string,
  now: Date,
): Promise<{ readonly principal: Principal; readonly session: SessionView }> {
  if (!sessionText.test(secret)) throw new AuthenticationFailed('malformed', 'session');
  // Looked up by the hash itself: equal hashes are the only match, so no comparison leaks.
  const s = await store.sessions.findBySecretHash(sha256Hex(secret));
  if (!s) throw new AuthenticationFailed('unknown', 'session');
  if (s.endedAt !== null) throw new AuthenticationFailed('ended', 'session');
  const t = now.getTime();
  if (t >= Date.parse(s.expiresAt)) throw new AuthenticationFailed('expired', 'session');
  if (t >= Date.parse(s.lastSeenAt) + sessionIdleMs) {
    throw new AuthenticationFailed('idle', 'session');
  }
  const user = await store.users.get(s.userId);
  if (!user || user.disabledAt !== null) throw new AuthenticationFailed('disabled', 'session');
  let seen = s.lastSeenAt;
  if (t - Date.parse(s.lastSeenAt) >= sessionTouchMs) {
    const at = now.toISOString();
    const notBefore = new Date(t - sessionTouchMs + 1).toISOString();
    if (await bestEffort(() => store.sessions.touch(s.id, at, notBefore))) {
      seen = at;
    }
  }
  return { principal: principalOf(user), session: view(s, seen) };
}

/** Whether `presented` (the request's {@link csrfHeader}) is the session's token; constant time. */
export function verifyCsrf(
  session: Pick<SessionView, 'csrfToken'>,
  presented: string | undefined,
): boolean {
  return presented !== undefined && presented !== '' && safeEqual(session.csrfToken, presented);
}

/**
 * Ends the session whose cookie value is `secret` (logout); audited as `session.end`. False,
 * with nothing written, for an unknown or already ended session.
 */
export function endSession(
  store: Store,
  clock: Clock,
  input: Acting & { readonly secret: string },
): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!sessionText.test(input.secret)) return false;
    const s = await tx.sessions.findBySecretHash(sha256Hex(input.secret));
    if (!s || !(await tx.sessions.end(s.id, clock.now().toISOString()))) return false;
    await tx.audit.append({
      actor: input.actor,
      action: 'session.end',
      object: `session:${s.id}`,
      details: { userId: s.userId },
    });
    return true;
  });
}

/** Deletes sessions that ended or expired more than a day before `clock`; not audited (no one's action). */
export function purgeSessions(store: Store, clock: Clock): Promise<number> {
  return store.sessions.purge(new Date(clock.now().getTime() - 86_400_000).toISOString());
}
