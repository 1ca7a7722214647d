import { z } from 'zod';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { readCookie, sessionCookieName } from '../auth.js';
import type { RateLimiter } from '../rate-limit.js';
import { route, type RouteDef } from './types.js';

const principal = z.object({
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'approver', 'admin']),
  scope: z.record(z.string(), z.string()).optional(),
  tokenId: z.string().optional(),
});

function cookie(name: string, value: string, secure: boolean, maxAgeS: number): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${maxAgeS}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** Sign-in for the web console: a session cookie plus the CSRF token its writes must carry. */
export function authRoutes(opts: {
  readonly login: RateLimiter;
  readonly secure: boolean;
}): RouteDef[] {
  const name = sessionCookieName(opts.secure);
  return [
    route({
      method: 'POST',
      path: '/api/v1/auth/login',
      access: 'public',
      tag: 'auth',
      summary: 'sign in with name and password: sets the session cookie, returns the CSRF token',
      body: z.object({ name: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
      response: z.object({ principal, csrfToken: z.string(), expiresAt: z.string() }),
      handler: async ({ body, origin }, rt) => {
        opts.login.take(`ip:${origin.source}`, 'sign-in attempts from this address');
        opts.login.take(`name:${body.name.toLowerCase()}`, 'sign-in attempts for this name');
        const r = await rt.auth.login(body.name, body.password, origin);
        const maxAge = Math.max(
          0,
          Math.round((Date.parse(r.expiresAt) - rt.clock.now().getTime()) / 1000),
        );
        return {
          body: { principal: view(r.principal), csrfToken: r.csrf, expiresAt: r.expiresAt },
          headers: { 'set-cookie': cookie(name, r.sessionId, opts.secure, maxAge) },
        };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/logout',
      access: 'authenticated',
      tag: 'auth',
      summary: 'ends the session',
      body: z.object({}).optional(),
      response: z.object({ ok: z.boolean() }),
      handler: async ({ headers }, rt) => {
        const sid = readCookie(
          typeof headers.cookie === 'string' ? headers.cookie : undefined,
          name,
        );
        if (sid === undefined) {
          throw new AppError(
            ErrorCode.InputInvalid,
            'no session to end (tokens are revoked instead)',
          );
        }
        await rt.auth.logout(sid);
        return { body: { ok: true }, headers: { 'set-cookie': cookie(name, '', opts.secure, 0) } };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/me',
      access: 'authenticated',
      tag: 'auth',
      summary: 'who the caller is: name, role, scope and token',
      response: principal,
      handler: ({ principal: p }) => Promise.resolve({ body: view(p!) }),
    }),
  ];
}

function view(p: {
  name: string;
  role: z.infer<typeof principal>['role'];
  scope?: Readonly<Record<string, string>>;
  tokenId?: string;
}) {
  return {
    name: p.name,
    role: p.role,
    ...(p.scope !== undefined && { scope: { ...p.scope } }),
    ...(p.tokenId !== undefined && { tokenId: p.tokenId }),
  };
}
