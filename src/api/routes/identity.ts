import { z } from 'zod';
import { actorOf, can, roles, type Principal } from '../../domain/access.js';
import {
  createToken,
  createUser,
  disableUser,
  listTokens,
  listUsers,
  revokeToken,
  setAccess,
} from '../../app/identity/index.js';
import type { RateLimiter } from '../rate-limit.js';
import { idParam, labels, nameParam } from './schemas.js';
import { route, type RouteDef } from './types.js';

const role = z.enum(roles as [string, ...string[]]);
const user = z.looseObject({
  id: z.string(),
  name: z.string(),
  role,
  scope: labels.optional(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
const token = z.looseObject({
  id: z.string(),
  name: z.string(),
  userName: z.string(),
  role,
  scope: labels.optional(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  state: z.enum(['active', 'expired', 'revoked']),
});

const day = 86_400_000;

/** Users (admin) and API tokens (each user their own; admin all). */
export function identityRoutes(limits: { readonly tokens: RateLimiter }): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/users',
      access: 'admin',
      tag: 'identity',
      summary: 'every user, disabled ones too',
      response: z.object({ users: z.array(user) }),
      handler: async (_req, rt) => ({ body: { users: await listUsers(rt.store) } }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/users',
      access: 'admin',
      tag: 'identity',
      summary: 'create a user (password at least 12 characters, hashed with scrypt)',
      body: z.object({
        name: z.string().min(1).max(64),
        role,
        scope: labels.optional(),
        password: z.string().min(1).max(1024),
      }),
      status: 201,
      response: user,
      handler: async ({ principal, body }, rt) => {
        const u = await createUser(rt.store, {
          name: body.name,
          role: body.role as Principal['role'],
          password: body.password,
          actor: actorOf(principal!),
          ...(body.scope !== undefined && { scope: body.scope }),
        });
        return {
          body: u,
          audit: { object: `user:${u.id}`, after: { name: u.name, role: u.role, scope: u.scope } },
        };
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/users/:name',
      access: 'admin',
      tag: 'identity',
      summary:
        "change a user's role or scope (null: the whole estate); tokens that would exceed it are revoked",
      params: nameParam,
      body: z.object({ role: role.optional(), scope: labels.nullable().optional() }),
      response: z.object({ user, changed: z.boolean(), revokedTokens: z.array(z.string()) }),
      handler: async ({ principal, params, body }, rt) => {
        const r = await setAccess(rt.store, rt.clock, {
          name: params.name,
          actor: actorOf(principal!),
          ...(body.role !== undefined && { role: body.role as Principal['role'] }),
          ...(body.scope !== undefined && { scope: body.scope }),
        });
        return {
          body: { ...r, revokedTokens: [...r.revokedTokens] },
          audit: { object: `user:${r.user.id}`, after: { role: r.user.role, scope: r.user.scope } },
        };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/users/:name/disable',
      access: 'admin',
      tag: 'identity',
      summary: 'disable a user: their tokens are revoked and their sessions end',
      params: nameParam,
      body: z.object({}).optional(),
      response: z.looseObject({ user }),
      handler: async ({ principal, params }, rt) => {
        const r = await disableUser(rt.store, rt.clock, {
          name: params.name,
          actor: actorOf(principal!),
        });
        return {
          body: { ...r },
          audit: { object: `user:${r.user.id}`, after: { disabledAt: r.user.disabledAt } },
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/tokens',
      access: 'authenticated',
      tag: 'identity',
      summary: "API tokens: one's own, or (admin) everyone's; never a secret",
      response: z.object({ tokens: z.array(token) }),
      handler: async ({ principal }, rt) => ({
        body: {
          tokens: await listTokens(
            rt.store,
            rt.clock,
            can(principal!, 'admin') ? {} : { user: principal!.name },
          ),
        },
      }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/tokens',
      access: 'authenticated',
      tag: 'identity',
      summary:
        'create an API token (for yourself, or as admin for anyone); the secret is shown once',
      body: z.object({
        user: z.string().min(1).max(64).optional(),
        name: z.string().min(1).max(64),
        role: role.optional(),
        scope: labels.optional(),
        expiresInDays: z.number().int().min(1).max(365).default(90),
      }),
      status: 201,
      response: z.object({ token, secret: z.string() }),
      handler: async ({ principal, body }, rt) => {
        limits.tokens.take(`user:${principal!.id}`, 'tokens created by this user');
        const r = await createToken(rt.store, rt.clock, {
          user: body.user ?? principal!.name,
          name: body.name,
          lifetimeMs: body.expiresInDays * day,
          by: principal!,
          actor: actorOf(principal!),
          ...(body.role !== undefined && { role: body.role as Principal['role'] }),
          ...(body.scope !== undefined && { scope: body.scope }),
        });
        return {
          status: 201,
          body: r,
          audit: {
            object: `token:${r.token.id}`,
            after: { name: r.token.name, role: r.token.role, expiresAt: r.token.expiresAt },
          },
        };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/tokens/:id/revoke',
      access: 'authenticated',
      tag: 'identity',
      summary: 'revoke a token (your own, or as admin any)',
      params: idParam,
      body: z.object({ reason: z.string().max(500).optional() }).optional(),
      response: z.object({ token, changed: z.boolean() }),
      handler: async ({ principal, params, body }, rt) => {
        const r = await revokeToken(rt.store, rt.clock, {
          id: params.id,
          by: principal!,
          actor: actorOf(principal!),
          ...(body?.reason !== undefined && { reason: body.reason }),
        });
        return {
          body: r,
          audit: { object: `token:${r.token.id}`, after: { state: r.token.state } },
        };
      },
    }),
  ];
}
