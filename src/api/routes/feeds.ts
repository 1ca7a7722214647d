import { z } from 'zod';
import { actorOf } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { feedFreshness } from '../../app/findings.js';
import { syncableSources } from '../../app/sync-all.js';
import { jobRecord, limit } from './schemas.js';
import { route, type RouteDef } from './types.js';

const advisory = z.looseObject({
  source: z.string(),
  id: z.string(),
  cves: z.array(z.string()),
  severity: z.string(),
});

export const feedRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/api/v1/feeds',
    access: 'read',
    tag: 'feeds',
    summary: "each feed's last sync, last error and its data's own age",
    response: z.object({
      feeds: z.array(
        z.object({
          source: z.string(),
          lastSuccessAt: z.string().nullable(),
          lastError: z.string().nullable(),
          dataAsOf: z.string().nullable(),
        }),
      ),
      sources: z.array(z.string()),
    }),
    handler: async (_req, rt) => ({
      body: {
        feeds: (await feedFreshness(rt.store)).map((f) => ({ ...f })),
        sources: syncableSources(),
      },
    }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/feeds/sync',
    access: 'operate',
    tag: 'feeds',
    summary: 'sync feeds (all, or the sources named) in a background job; evaluation follows',
    body: z.object({ sources: z.array(z.string().max(100)).max(50).optional() }),
    status: 202,
    response: z.object({ job: jobRecord }),
    handler: async ({ principal, body }, rt) => {
      const known = new Set(syncableSources());
      const bad = (body.sources ?? []).filter((s) => !known.has(s));
      if (bad.length > 0) {
        throw new AppError(
          ErrorCode.InputInvalid,
          `unknown source ${bad.join(', ')} (known: ${[...known].join(', ')})`,
          {
            location: { pointer: '/sources' },
          },
        );
      }
      const job = await rt.jobs.enqueue({
        kind: 'feeds.sync',
        payload: { sources: body.sources ?? [] },
        key: `feeds.sync:${(body.sources ?? []).join(',')}`,
        requestedBy: actorOf(principal!),
      });
      return { body: { job }, audit: { object: `job:${job.id}`, after: { kind: job.kind } } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/advisories',
    access: 'read',
    tag: 'feeds',
    summary: 'stored advisories by id or CVE (case-blind)',
    query: z.object({
      id: z.string().max(200).optional(),
      cve: z.string().max(200).optional(),
      limit: limit(1000, 100),
    }),
    response: z.object({ advisories: z.array(advisory) }),
    handler: async ({ query }, rt) => {
      if (query.id === undefined && query.cve === undefined) {
        throw new AppError(ErrorCode.InputInvalid, 'give id or cve', {
          location: { pointer: '/query' },
        });
      }
      const found =
        query.id !== undefined
          ? [
              ...(await rt.store.advisories.byId(query.id)),
              ...(await rt.store.advisories.byId(query.id.toUpperCase())),
            ]
          : await rt.store.advisories.byCve(query.cve!.toUpperCase());
      const seen = new Set<string>();
      const unique = found.filter(
        (a) => !seen.has(`${a.source}:${a.id}`) && seen.add(`${a.source}:${a.id}`),
      );
      return {
        body: {
          advisories: unique.slice(0, query.limit).map((a) => ({ ...a, cves: [...a.cves] })),
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/evaluations',
    access: 'operate',
    tag: 'findings',
    summary:
      'evaluate the fleet in a background job: SLA clocks, the daily snapshot, notifications',
    body: z.object({}).optional(),
    status: 202,
    response: z.object({ job: jobRecord }),
    handler: async ({ principal }, rt) => {
      const job = await rt.jobs.enqueue({
        kind: 'evaluate',
        key: 'evaluate',
        requestedBy: actorOf(principal!),
      });
      return { body: { job }, audit: { object: `job:${job.id}` } };
    },
  }),
];
