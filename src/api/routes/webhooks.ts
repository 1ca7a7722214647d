import { z } from 'zod';
import { actorOf } from '../../domain/access.js';
import {
  createWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  removeWebhook,
  webhookSecrets,
} from '../../app/notify/index.js';
import { idParam, limit } from './schemas.js';
import { route, type RouteDef } from './types.js';

const subscription = z.looseObject({ id: z.string(), url: z.string(), enabled: z.boolean() });
const delivery = z.looseObject({ id: z.string(), status: z.string() });

export const webhookRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/api/v1/webhooks',
    access: 'admin',
    tag: 'webhooks',
    summary: 'webhook subscriptions (never their secrets)',
    response: z.object({ webhooks: z.array(subscription) }),
    handler: async (_req, rt) => ({ body: { webhooks: await listWebhooks(rt.store) } }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/webhooks',
    access: 'admin',
    tag: 'webhooks',
    summary:
      'subscribe a URL to events (CloudEvents 1.0, Standard Webhooks signatures); the secret is shown once',
    body: z.object({
      url: z.string().max(2000),
      events: z.array(z.string().max(100)).max(50).optional(),
      minSeverity: z.string().max(20).optional(),
      tiers: z.array(z.string().max(100)).max(50).optional(),
    }),
    status: 201,
    response: z.object({ subscription, secret: z.string() }),
    handler: async ({ principal, body }, rt) => {
      const r = await createWebhook(rt.store, webhookSecrets(await rt.secretKey()), {
        url: body.url,
        actor: actorOf(principal!),
        ...(body.events && { events: body.events }),
        ...(body.minSeverity !== undefined && { minSeverity: body.minSeverity }),
        ...(body.tiers && { tiers: body.tiers }),
      });
      return {
        body: r,
        audit: { object: `webhook:${r.subscription.id}`, after: { url: r.subscription.url } },
      };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/webhooks/:id',
    access: 'admin',
    tag: 'webhooks',
    summary: 'remove a subscription',
    params: idParam,
    response: z.object({ removed: z.string() }),
    handler: async ({ principal, params }, rt) => {
      await removeWebhook(rt.store, params.id, actorOf(principal!));
      return { body: { removed: params.id }, audit: { object: `webhook:${params.id}` } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/webhooks/deliveries',
    access: 'admin',
    tag: 'webhooks',
    summary: 'deliveries, e.g. the dead letters (`status=dead`)',
    query: z.object({
      status: z.enum(['pending', 'delivered', 'dead']).optional(),
      limit: limit(1000, 100),
    }),
    response: z.object({ deliveries: z.array(delivery) }),
    handler: async ({ query }, rt) => ({
      body: {
        deliveries: await listDeliveries(rt.store, {
          limit: query.limit,
          ...(query.status && { status: query.status }),
        }),
      },
    }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/webhooks/deliveries/:id/redeliver',
    access: 'admin',
    tag: 'webhooks',
    summary: 'send a dead or delivered event again, same body and webhook-id',
    params: idParam,
    body: z.object({}).optional(),
    response: delivery,
    handler: async ({ principal, params }, rt) => {
      const d = await redeliver(rt.store, params.id, {
        clock: rt.clock,
        actor: actorOf(principal!),
      });
      return { body: d, audit: { object: `webhook-delivery:${d.id}` } };
    },
  }),
];
