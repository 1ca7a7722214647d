import { z } from 'zod';
import { actorOf } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import {
  createWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  removeWebhook,
  webhookSecrets,
} from '../../app/notify/index.js';
import { addConnection } from '../../app/vsphere/connections.js';
import { idParam, jobRecord, limit, nameParam } from './schemas.js';
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
  route({
    method: 'GET',
    path: '/api/v1/vsphere/connections',
    access: 'read',
    tag: 'vsphere',
    summary: 'vCenter connections (never their passwords) and their last sync',
    response: z.object({
      connections: z.array(
        z.object({
          name: z.string(),
          url: z.string(),
          username: z.string(),
          tls: z.string(),
          lastSyncAt: z.string().nullable(),
        }),
      ),
    }),
    handler: async (_req, rt) => {
      const out = [];
      for (const c of await rt.store.vsphere.listConnections()) {
        const state = await rt.store.vsphere.getSyncState(c.name);
        out.push({
          name: c.name,
          url: c.url,
          username: c.username,
          tls: c.tls.kind,
          lastSyncAt: state?.lastSyncAt ?? null,
        });
      }
      return { body: { connections: out } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/vsphere/connections',
    access: 'admin',
    tag: 'vsphere',
    summary:
      'add a vCenter connection: logged in once first, the password encrypted at rest, TLS always verified (system CAs, a CA, or a pinned SHA-256 thumbprint)',
    body: z.object({
      name: z.string().min(1).max(64),
      url: z.string().url().max(2000),
      username: z.string().min(1).max(200),
      password: z.string().min(1).max(1024),
      tls: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('system') }),
        z.object({ kind: z.literal('ca'), ca: z.string().min(1).max(65_536) }),
        z.object({ kind: z.literal('thumbprint'), sha256: z.string().min(1).max(200) }),
      ]),
    }),
    status: 201,
    response: z.object({
      name: z.string(),
      url: z.string(),
      username: z.string(),
      tls: z.string(),
    }),
    handler: async ({ body }, rt) => {
      const c = await addConnection(
        {
          store: rt.store,
          clock: rt.clock,
          key: await rt.secretKey(),
          close: () => Promise.resolve(),
        },
        body,
      );
      return {
        body: { name: c.name, url: c.url, username: c.username, tls: c.tls.kind },
        audit: {
          object: `vsphere:${c.name}`,
          after: { url: c.url, username: c.username, tls: c.tls.kind },
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/vsphere/connections/:name/sync',
    access: 'operate',
    tag: 'vsphere',
    summary: 'sync one vCenter connection in a background job',
    params: nameParam,
    body: z.object({}).optional(),
    status: 202,
    response: z.object({ job: jobRecord }),
    handler: async ({ principal, params }, rt) => {
      if (!(await rt.store.vsphere.getConnection(params.name))) {
        throw new AppError(ErrorCode.NotFound, `no vSphere connection "${params.name}"`, {
          location: { record: params.name },
        });
      }
      const job = await rt.jobs.enqueue({
        kind: 'vsphere.sync',
        payload: { connection: params.name },
        key: `vsphere.sync:${params.name}`,
        requestedBy: actorOf(principal!),
      });
      return { body: { job }, audit: { object: `job:${job.id}` } };
    },
  }),
];
