import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { can, type Principal, type RequestOrigin } from '../domain/access.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { csrfHeader, sessionCookieAttributes } from '../app/identity/index.js';
import type { ServiceRuntime } from '../app/service/runtime.js';
import type { RateLimiter } from './rate-limit.js';
import type { RouteDef } from './routes/types.js';

/** The session cookie's name; `__Host-` binds it to this origin, over HTTPS only. */
export function sessionCookieName(secure: boolean): string {
  return sessionCookieAttributes(secure).name;
}

export { csrfHeader };

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // Session values are base64url; one that does not decode is no session.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const unauthenticated = () =>
  new AppError(ErrorCode.Unauthenticated, 'sign in: send a bearer token or a session cookie');

/**
 * Who calls, and whether they may: a bearer token first, else the session cookie (whose
 * mutating calls must repeat the session's CSRF token in a header). Failed credentials count
 * against the source address's limit, so guessing tokens is as slow as guessing passwords.
 */
export async function authorise(
  req: FastifyRequest,
  def: RouteDef,
  rt: ServiceRuntime,
  opts: {
    readonly secureCookies: boolean;
    readonly failures: RateLimiter;
    readonly origin: RequestOrigin;
  },
): Promise<Principal | undefined> {
  if (def.access === 'public') return undefined;
  const principal = await identify(req, rt, opts);
  if (def.access !== 'authenticated' && !can(principal, def.access)) {
    throw new AppError(
      ErrorCode.Forbidden,
      `${def.method} ${def.path} needs the "${def.access}" permission, which role ${principal.role} does not hold`,
      { details: { needs: def.access, role: principal.role } },
    );
  }
  return principal;
}

async function identify(
  req: FastifyRequest,
  rt: ServiceRuntime,
  opts: {
    readonly secureCookies: boolean;
    readonly failures: RateLimiter;
    readonly origin: RequestOrigin;
  },
): Promise<Principal> {
  const header = req.headers.authorization;
  try {
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw unauthenticated();
      return await rt.auth.bearer(m[1]!);
    }
    const sid = readCookie(req.headers.cookie, sessionCookieName(opts.secureCookies));
    if (sid === undefined) throw unauthenticated();
    const s = await rt.auth.session(sid);
    if (mutating.has(req.method)) {
      const sent = req.headers[csrfHeader];
      if (typeof sent !== 'string' || !sameSecret(sent, s.csrf)) {
        throw new AppError(
          ErrorCode.Forbidden,
          `a session's ${req.method} needs its CSRF token in ${csrfHeader}`,
        );
      }
    }
    return s.principal;
  } catch (e) {
    const presented = header !== undefined || req.headers.cookie !== undefined;
    if (presented && e instanceof AppError && e.code === ErrorCode.Unauthenticated) {
      opts.failures.take(`auth:${opts.origin.source}`, 'failed sign-ins from this address');
    }
    throw e;
  }
}
