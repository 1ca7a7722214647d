import { z } from 'zod';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Principal } from '../../domain/access.js';
import { kbRollup } from '../../app/kb-rollup.js';
import { parseDuration } from '../../app/policy.js';
import {
  complianceFromStore,
  exposureFromStore,
  filterAtRisk,
  parseGroupBy,
  trendFromStore,
} from '../../app/report.js';
import type { ComplianceReport } from '../../app/compliance.js';
import { toCsv } from '../../report/csv.js';
import {
  complianceDocument,
  exposureDocument,
  overdueDocument,
  trendDocument,
  waiversDocument,
} from '../../report/documents.js';
import { renderHtml } from '../../report/html.js';
import {
  complianceTable,
  exposureTable,
  keysOf,
  overdueTable,
  trendTable,
  waiverTable,
  type Tabular,
} from '../../report/tables.js';
import type { ServiceRuntime } from '../../app/service/runtime.js';
import { anyJson, flag } from './schemas.js';
import { route, type RouteDef, type RouteResult } from './types.js';

const reportQuery = z.object({
  by: z.string().max(100).default('tier').describe('tier, platform, image or label:KEY'),
  dueSoon: z.string().max(20).default('3d'),
  kev: flag,
  epssMin: z.coerce.number().min(0).max(1).optional(),
});

/** Fleet-wide figures would tell a scoped caller about assets they may not see. */
function unscoped(principal: Principal | undefined): void {
  if (principal?.scope !== undefined) {
    throw new AppError(
      ErrorCode.Forbidden,
      'fleet-wide reports need an unscoped role: a scoped one reads findings and assets in its scope',
    );
  }
}

function csv(t: Tabular): RouteResult<unknown> {
  return { media: { type: 'text/csv; charset=utf-8', body: toCsv(keysOf(t), t.rows) } };
}

const html = (doc: Parameters<typeof renderHtml>[0]): RouteResult<unknown> => ({
  media: { type: 'text/html; charset=utf-8', body: renderHtml(doc) },
});

type Kind = 'compliance' | 'overdue' | 'waivers';

/** The compliance report for these parameters, computed once per evaluation generation. */
function compliance(
  rt: ServiceRuntime,
  q: z.infer<typeof reportQuery>,
): Promise<[ComplianceReport, readonly string[]]> {
  return rt.cached(`compliance:${JSON.stringify(q)}`, () => computeCompliance(rt, q));
}

async function computeCompliance(
  rt: ServiceRuntime,
  q: z.infer<typeof reportQuery>,
): Promise<[ComplianceReport, readonly string[]]> {
  const policy = await rt.policy();
  const report = await complianceFromStore(
    rt.store,
    {
      policy,
      now: rt.clock.now(),
      by: parseGroupBy(q.by),
      dueSoonMs: parseDuration(q.dueSoon, 'dueSoon'),
    },
    rt.evaluation().current(),
  );
  const filter = {
    ...(q.kev && { kev: true }),
    ...(q.epssMin !== undefined && { epssMin: q.epssMin }),
  };
  return [await filterAtRisk(rt.store, report, filter), policy.sources];
}

function complianceRoute(kind: Kind, summary: string): RouteDef {
  return route({
    method: 'GET',
    path: `/api/v1/reports/${kind}`,
    access: 'read',
    tag: 'reports',
    summary,
    query: reportQuery,
    formats: ['csv', 'html'],
    response: anyJson,
    handler: async ({ principal, query, format }, rt) => {
      unscoped(principal);
      const [r, policyFiles] = await compliance(rt, query);
      if (format === 'csv') {
        return csv(
          { compliance: complianceTable, overdue: overdueTable, waivers: waiverTable }[kind](r),
        );
      }
      if (format === 'html') {
        const doc = {
          compliance: complianceDocument,
          overdue: overdueDocument,
          waivers: waiversDocument,
        }[kind];
        return html(doc(r, { policyFiles }));
      }
      const { at, policyHash, clockRule } = r;
      const body =
        kind === 'compliance'
          ? r
          : kind === 'overdue'
            ? { at, policyHash, clockRule, findings: r.atRisk, notAssessed: r.notAssessed }
            : { at, policyHash, waivers: r.waivers };
      return { body };
    },
  });
}

export const reportRoutes: RouteDef[] = [
  complianceRoute('compliance', 'assets compliant, at risk and overdue per group, MTTR, waivers'),
  complianceRoute('overdue', 'overdue and due-soon findings, soonest due first'),
  complianceRoute('waivers', 'every waiver: findings waived, unused, expired'),
  route({
    method: 'GET',
    path: '/api/v1/reports/exposure',
    access: 'read',
    tag: 'reports',
    summary:
      'per-advisory (or per-CVE) exposure across hosts and images, with blast radius and the KB roll-up',
    query: z.object({ cve: flag, kev: flag, epssMin: z.coerce.number().min(0).max(1).optional() }),
    formats: ['csv', 'html'],
    response: anyJson,
    handler: async ({ principal, query, format }, rt) => {
      unscoped(principal);
      const evaluation = rt.evaluation().current();
      const filter = {
        ...(query.kev && { kev: true }),
        ...(query.epssMin !== undefined && { epssMin: query.epssMin }),
      };
      const x = await exposureFromStore(rt.store, evaluation, filter);
      const main = query.cve
        ? exposureTable('cve', x.cves)
        : exposureTable('advisory', x.advisories);
      if (format === 'csv') return csv(main);
      if (format === 'html') {
        return html(exposureDocument(x, query.cve, rt.clock.now().toISOString()));
      }
      return { body: { ...x, kbRollup: await kbRollup(rt.store, { evaluation }) } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/reports/trend',
    access: 'read',
    tag: 'reports',
    summary: 'the recorded daily compliance snapshots',
    query: z.object({
      by: z.string().max(100).default('all'),
      since: z.string().max(10).optional(),
    }),
    formats: ['csv', 'html'],
    response: z.object({
      groupKind: z.string(),
      points: z.array(z.looseObject({ day: z.string() })),
    }),
    handler: async ({ principal, query, format }, rt) => {
      unscoped(principal);
      const points = await trendFromStore(rt.store, query.by, query.since);
      if (format === 'csv') return csv(trendTable(points));
      if (format === 'html') return html(trendDocument(query.by, points));
      return { body: { groupKind: query.by, points: points.map((p) => ({ ...p })) } };
    },
  }),
];
