import { z } from 'zod';
import { actorOf } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { idParam, jobRecord, limit } from './schemas.js';
import { route, type RouteDef } from './types.js';

const state = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const jobRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/api/v1/jobs',
    access: 'read',
    tag: 'jobs',
    summary: 'jobs, newest first; `before` pages on',
    query: z.object({
      state: state.optional(),
      kind: z.string().max(100).optional(),
      limit: limit(500, 50),
      before: z.string().max(100).optional(),
    }),
    response: z.object({ jobs: z.array(jobRecord), counts: z.record(z.string(), z.number()) }),
    handler: async ({ query }, rt) => ({
      body: {
        jobs: [
          ...(await rt.jobs.list({
            limit: query.limit,
            ...(query.state && { state: query.state }),
            ...(query.kind !== undefined && { kind: query.kind }),
            ...(query.before !== undefined && { before: query.before }),
          })),
        ],
        counts: { ...(await rt.jobs.counts()) },
      },
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/jobs/:id',
    access: 'read',
    tag: 'jobs',
    summary: 'one job, with its result or last error',
    params: idParam,
    response: jobRecord,
    handler: async ({ params }, rt) => {
      const job = await rt.jobs.get(params.id);
      if (!job) {
        throw new AppError(ErrorCode.NotFound, `no job ${params.id}`, {
          location: { record: params.id },
        });
      }
      return { body: job };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/jobs/:id/cancel',
    access: 'operate',
    tag: 'jobs',
    summary: 'cancel a job: a queued one never starts, a running one is asked to stop',
    params: idParam,
    body: z.object({}).optional(),
    response: jobRecord,
    handler: async ({ principal, params }, rt) => {
      const before = await rt.jobs.get(params.id);
      const job = await rt.jobs.cancel(params.id, actorOf(principal!));
      return {
        body: job,
        audit: {
          object: `job:${job.id}`,
          before: { state: before?.state },
          after: { state: job.state },
        },
      };
    },
  }),
];
