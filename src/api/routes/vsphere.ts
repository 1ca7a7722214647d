import { z } from 'zod';
import { actorOf } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { addConnection } from '../../app/vsphere/connections.js';
import { jobRecord, nameParam } from './schemas.js';
import { route, type RouteDef } from './types.js';

export const vsphereRoutes: RouteDef[] = [
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
