import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { inScope, type Principal } from '../../domain/access.js';
import { findingColumns } from '../../app/finding-columns.js';
import {
  exposure,
  listFindings,
  notAssessedStatus,
  parseSort,
  type FindingsQuery,
} from '../../app/findings.js';
import type { ServiceRuntime } from '../../app/service/runtime.js';
import { toCsv } from '../../report/csv.js';
import { assetInScope } from './assets.js';
import { finding, flag, labelSelector, limit, nameParam, severity } from './schemas.js';
import { route, type RouteDef } from './types.js';

const findingsQuery = z.object({
  asset: z.string().max(512).optional(),
  advisory: z.string().max(200).optional(),
  cve: z.string().max(200).optional(),
  severity: severity.optional(),
  status: z
    .enum([
      'open',
      'no-fix-yet',
      'will-not-fix',
      'fixed-pending-reboot',
      'unverifiable',
      notAssessedStatus,
    ])
    .optional(),
  origin: z.enum(['inherited', 'introduced', 'regressed', 'host', 'image']).optional(),
  label: labelSelector,
  kev: flag,
  epssMin: z.coerce.number().min(0).max(1).optional(),
  sort: z.string().max(200).optional().describe('fields, - for descending: severity,-epss'),
  limit: limit(10_000, 500),
  cursor: z.string().max(400).optional().describe('the `next` of the previous page'),
});
type FindingsParams = z.infer<typeof findingsQuery>;

interface Cursor {
  /** Evaluation generation the page was cut from. */
  readonly g: number;
  /** Offset into the ordered findings. */
  readonly o: number;
  /** Hash of the filters, so a cursor is not replayed against another query. */
  readonly q: string;
}

function queryHash(q: FindingsParams, principal: Principal | undefined): string {
  const filters = Object.entries(q).filter(([k]) => k !== 'cursor' && k !== 'limit');
  return createHash('sha256')
    .update(JSON.stringify([filters, principal?.scope ?? null]))
    .digest('base64url')
    .slice(0, 16);
}

function readCursor(text: string, q: string, generation: number): number {
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new AppError(ErrorCode.InputInvalid, 'cursor: not one this server gave', {
      location: { pointer: '/query/cursor' },
    });
  }
  if (typeof c.o !== 'number' || c.q !== q) {
    throw new AppError(ErrorCode.InputInvalid, 'cursor: it belongs to another query', {
      location: { pointer: '/query/cursor' },
    });
  }
  if (c.g !== generation) {
    throw new AppError(
      ErrorCode.Conflict,
      'the findings changed since this cursor was given: start again from the first page',
      {
        retryable: true,
      },
    );
  }
  return c.o;
}

function appQuery(
  q: FindingsParams,
  principal: Principal | undefined,
  rt: ServiceRuntime,
): FindingsQuery {
  const labels = { ...q.label, ...principal?.scope };
  return {
    service: rt.evaluation(),
    now: rt.clock.now(),
    // The API answers no freshness: `/api/v1/feeds` does.
    freshness: false,
    ...(q.asset !== undefined && { asset: q.asset }),
    ...(q.advisory !== undefined && { advisory: q.advisory }),
    ...(q.cve !== undefined && { cve: q.cve }),
    ...(q.severity !== undefined && { severity: q.severity }),
    ...(q.status !== undefined && { status: q.status }),
    ...(q.origin !== undefined && { origin: q.origin }),
    ...(Object.keys(labels).length > 0 && { labels }),
    ...(q.kev && { kev: true }),
    ...(q.epssMin !== undefined && { epssMin: q.epssMin }),
    ...(q.sort !== undefined && { sort: parseSort(q.sort) }),
  };
}

const csvFields = Object.keys(findingColumns);

/** CSV rows in pieces, so a large answer is not one string in memory twice. */
function csvStream(findings: readonly Parameters<(typeof findingColumns)['asset']>[0][]): Readable {
  const pageSize = 1000;
  let i = 0;
  return Readable.from(
    (function* () {
      yield toCsv(csvFields, []);
      while (i < findings.length) {
        const rows = findings
          .slice(i, i + pageSize)
          .map((f) => csvFields.map((c) => findingColumns[c]!(f)));
        i += pageSize;
        yield toCsv(csvFields, rows).split('\r\n').slice(1).join('\r\n');
      }
    })(),
  );
}

export const findingsRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/api/v1/findings',
    access: 'read',
    scoped: true,
    tag: 'findings',
    summary:
      "findings with the CLI's filters, a page at a time (`next` is the cursor); `Accept: text/csv` streams them all",
    query: findingsQuery,
    formats: ['csv'],
    response: z.object({
      findings: z.array(finding),
      total: z.number(),
      next: z.string().nullable(),
      notAssessed: z.array(z.looseObject({ asset: z.string(), reason: z.string() })),
      generation: z.number(),
    }),
    handler: async ({ principal, query, format }, rt) => {
      if (query.asset !== undefined) await assetInScope(rt, principal, query.asset);
      const service = rt.evaluation();
      const generation = service.generation;
      const hash = queryHash(query, principal);
      const offset = query.cursor === undefined ? 0 : readCursor(query.cursor, hash, generation);
      const report = await listFindings(rt.store, appQuery(query, principal, rt));
      if (format === 'csv') {
        return { media: { type: 'text/csv; charset=utf-8', body: csvStream(report.findings) } };
      }
      const page = report.findings.slice(offset, offset + query.limit);
      const end = offset + page.length;
      const next =
        end < report.findings.length
          ? Buffer.from(
              JSON.stringify({ g: generation, o: end, q: hash } satisfies Cursor),
            ).toString('base64url')
          : null;
      return {
        body: {
          findings: page,
          total: report.total,
          next,
          notAssessed: report.notAssessed,
          generation,
        },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/assets/:name/findings',
    access: 'read',
    scoped: true,
    tag: 'findings',
    summary: "one asset's findings",
    params: nameParam,
    response: z.object({
      asset: z.string(),
      findings: z.array(finding),
      notAssessed: z.array(z.looseObject({ asset: z.string() })),
    }),
    handler: async ({ principal, params }, rt) => {
      await assetInScope(rt, principal, params.name);
      const r = await listFindings(rt.store, {
        service: rt.evaluation(),
        now: rt.clock.now(),
        asset: params.name,
        freshness: false,
      });
      return { body: { asset: params.name, findings: r.findings, notAssessed: r.notAssessed } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/exposure/:query',
    access: 'read',
    scoped: true,
    tag: 'findings',
    summary: "which assets an advisory or CVE reaches, with each image's blast radius",
    params: z.object({ query: z.string().min(1).max(200) }),
    response: z.looseObject({
      query: z.string(),
      advisories: z.array(z.string()),
      assets: z.array(z.looseObject({ asset: z.string() })),
      images: z.array(z.looseObject({})),
    }),
    handler: async ({ principal, params }, rt) => {
      const x = await exposure(rt.store, { query: params.query, service: rt.evaluation() });
      if (principal?.scope === undefined) return { body: x };
      // Scoped callers see their own assets only; blast radii count only what they reach.
      const visible = new Set(
        (await rt.store.assets.list())
          .filter((a) => inScope(principal, a.labels))
          .map((a) => a.name),
      );
      return {
        body: {
          ...x,
          assets: x.assets.filter((a) => visible.has(a.asset)),
          images: x.images
            .filter((i) => visible.has(i.image))
            .map((i) => ({
              ...i,
              exposedClones: i.exposedClones.filter((c) => visible.has(c)),
              fixedClones: i.fixedClones.filter((c) => visible.has(c)),
            })),
        },
      };
    },
  }),
];
