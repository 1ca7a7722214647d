import type { Severity } from '../domain/advisory.js';
import { severityOrder } from '../domain/advisory.js';
import type { AssetResult } from './evaluate-fleet.js';

/** How far one advisory (or CVE) reaches across hosts and image versions (issue 4 §3). */
export interface ExposureRow {
  /** Advisory id, or CVE id in the per-CVE view. */
  readonly id: string;
  /** CVEs of the advisory, or advisories carrying the CVE. */
  readonly related: readonly string[];
  readonly severity: Severity;
  readonly hosts: number;
  readonly images: number;
  /** Hosts that have it from their image version. */
  readonly inherited: number;
  /** Hosts that have it on their own. */
  readonly introduced: number;
  /**
   * Blast radius through lineage: hosts cloned from an affected image version, whether they
   * still carry the finding or fixed it themselves (every new clone brings it back).
   */
  readonly blastRadius: number;
  readonly affectedImages: readonly string[];
}

interface Tally {
  related: Set<string>;
  severity: Severity;
  hosts: Set<string>;
  images: Set<string>;
  inherited: Set<string>;
  introduced: Set<string>;
}

/**
 * Exposure per advisory and per CVE over one evaluation: which hosts and images carry each, by
 * origin, and each affected image version's clone count as the blast radius. Ordered by
 * severity, then reach.
 */
export function exposureReport(assets: readonly AssetResult[]): {
  advisories: ExposureRow[];
  cves: ExposureRow[];
} {
  const clones = new Map<string, number>();
  for (const a of assets) {
    if (a.kind === 'host' && a.image !== null) clones.set(a.image, (clones.get(a.image) ?? 0) + 1);
  }
  const byAdvisory = new Map<string, Tally>();
  const byCve = new Map<string, Tally>();
  for (const a of assets) {
    for (const f of a.findings) {
      note(byAdvisory, f.advisory, f.cves, f.severity, a, f.origin);
      for (const cve of f.cves) note(byCve, cve, [f.advisory], f.severity, a, f.origin);
    }
  }
  return { advisories: rows(byAdvisory, clones), cves: rows(byCve, clones) };
}

function note(
  into: Map<string, Tally>,
  id: string,
  related: readonly string[],
  severity: Severity,
  a: AssetResult,
  origin: string | null,
): void {
  let t = into.get(id);
  if (!t) {
    t = {
      related: new Set(),
      severity,
      hosts: new Set(),
      images: new Set(),
      inherited: new Set(),
      introduced: new Set(),
    };
    into.set(id, t);
  }
  for (const r of related) t.related.add(r);
  if (severityOrder.indexOf(severity) < severityOrder.indexOf(t.severity)) t.severity = severity;
  if (a.kind === 'image') {
    t.images.add(a.asset);
    return;
  }
  t.hosts.add(a.asset);
  if (origin === 'inherited') t.inherited.add(a.asset);
  else t.introduced.add(a.asset);
}

function rows(tallies: Map<string, Tally>, clones: ReadonlyMap<string, number>): ExposureRow[] {
  const out = [...tallies].map(([id, t]): ExposureRow => {
    const images = [...t.images].sort();
    return {
      id,
      related: [...t.related].sort(),
      severity: t.severity,
      hosts: t.hosts.size,
      images: images.length,
      inherited: t.inherited.size,
      introduced: t.introduced.size,
      blastRadius: images.reduce((n, img) => n + (clones.get(img) ?? 0), 0),
      affectedImages: images,
    };
  });
  return out.sort(
    (a, b) =>
      severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) ||
      b.hosts + b.blastRadius - (a.hosts + a.blastRadius) ||
      a.id.localeCompare(b.id),
  );
}
