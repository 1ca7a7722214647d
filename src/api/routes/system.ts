import { z } from 'zod';
import { route, type RouteDef } from './types.js';

const check = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });

/** Liveness, readiness, metrics and the API's own description. */
export function systemRoutes(openapi: () => unknown, metrics: () => Promise<string>): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/healthz',
      access: 'public',
      tag: 'system',
      summary: 'the process is alive',
      response: z.object({ status: z.literal('ok') }),
      handler: () => Promise.resolve({ body: { status: 'ok' as const } }),
    }),
    route({
      method: 'GET',
      path: '/readyz',
      access: 'public',
      tag: 'system',
      summary: 'store reachable, migrations applied, worker running (503 otherwise)',
      response: z.object({ ready: z.boolean(), checks: z.array(check) }),
      handler: async (_req, rt) => {
        const checks = await rt.ready();
        const ready = checks.every((c) => c.ok);
        return { body: { ready, checks: [...checks] }, status: ready ? 200 : 503 };
      },
    }),
    route({
      method: 'GET',
      path: '/metrics',
      access: 'read',
      tag: 'system',
      summary: 'Prometheus metrics (text exposition format)',
      response: z.string(),
      handler: async () => ({
        media: { type: 'text/plain; version=0.0.4; charset=utf-8', body: await metrics() },
      }),
    }),
    route({
      method: 'GET',
      path: '/api/openapi.json',
      access: 'public',
      tag: 'system',
      summary: 'this document',
      response: z.looseObject({ openapi: z.string() }),
      handler: () => Promise.resolve({ body: openapi() as { openapi: string } }),
    }),
  ];
}
