import type { Store } from '../store/index.js';
import { enrichmentLookup, type ExploitFilter } from './enrich-findings.js';
import type { FleetEvaluation } from './evaluation/index.js';
import type { ComplianceReport, ExposureRow } from './report-types.js';

const active = (q: ExploitFilter): boolean => q.kev === true || q.epssMin !== undefined;

/**
 * `report overdue --kev --epss-min`: the at-risk rows whose finding is known exploited (vendor
 * flag or KEV) and whose highest EPSS score reaches the floor. Filters the rows listed (at most
 * `atRiskLimit`); `atRiskTotal` becomes the count kept.
 */
export async function filterAtRisk(
  store: Store,
  report: ComplianceReport,
  q: ExploitFilter,
): Promise<ComplianceReport> {
  if (!active(q)) return report;
  const lookup = await enrichmentLookup(
    store,
    report.atRisk.flatMap((r) => r.cves),
  );
  const atRisk = report.atRisk.filter(
    (r) =>
      (!q.kev || r.knownExploited === true) &&
      (q.epssMin === undefined || (lookup.epssOf(r.cves)?.epss ?? -1) >= q.epssMin),
  );
  return { ...report, atRisk, atRiskTotal: atRisk.length };
}

/**
 * `report exposure --kev --epss-min`: the advisory (or CVE) rows known exploited (a KEV
 * listing of one of their CVEs, or the vendor's flag on a finding of them in `evaluation`) and
 * whose highest EPSS score reaches the floor.
 */
export async function filterExposure(
  store: Store,
  x: { advisories: ExposureRow[]; cves: ExposureRow[] },
  evaluation: FleetEvaluation,
  q: ExploitFilter,
): Promise<{ advisories: ExposureRow[]; cves: ExposureRow[] }> {
  if (!active(q)) return x;
  const flagged = new Set<string>();
  if (q.kev) {
    for (const a of evaluation.assets()) {
      for (const f of evaluation.findingsOf(a.id)) {
        if (f.knownExploited !== true) continue;
        flagged.add(f.advisory);
        for (const c of f.cves) flagged.add(c);
      }
    }
  }
  const lookup = await enrichmentLookup(
    store,
    x.cves.map((r) => r.id),
  );
  const keep = (id: string, cves: readonly string[]) =>
    (!q.kev || flagged.has(id) || lookup.kevOf(cves) !== undefined) &&
    (q.epssMin === undefined || (lookup.epssOf(cves)?.epss ?? -1) >= q.epssMin);
  return {
    advisories: x.advisories.filter((r) => keep(r.id, r.related)),
    cves: x.cves.filter((r) => keep(r.id, [r.id])),
  };
}
