import { z } from 'zod';
import { verifyAudit } from '../../app/audit.js';
import { limit } from './schemas.js';
import { route, type RouteDef } from './types.js';

export const auditRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/api/v1/audit',
    access: 'admin',
    tag: 'audit',
    summary: 'audit events, newest first',
    query: z.object({
      object: z.string().max(300).optional(),
      actor: z.string().max(300).optional(),
      since: z.string().max(40).optional(),
      limit: limit(1000, 100),
    }),
    response: z.object({
      events: z.array(
        z.looseObject({
          seq: z.number(),
          at: z.string(),
          actor: z.string(),
          action: z.string(),
          object: z.string(),
          hash: z.string(),
        }),
      ),
    }),
    handler: async ({ query }, rt) => ({
      body: {
        events: [
          ...(await rt.store.audit.list({
            limit: query.limit,
            ...(query.object !== undefined && { object: query.object }),
            ...(query.actor !== undefined && { actor: query.actor }),
            ...(query.since !== undefined && { since: query.since }),
          })),
        ],
      },
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/audit/verify',
    access: 'admin',
    tag: 'audit',
    summary: "checks the audit log's hash chain (and its newest anchor, when one is configured)",
    response: z.looseObject({ ok: z.boolean(), count: z.number() }),
    handler: async (_req, rt) => ({ body: await verifyAudit(rt.store, rt.config.auditAnchor) }),
  }),
];
