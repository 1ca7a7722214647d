import type { Severity } from '../domain/advisory.js';
import { severityOrder } from '../domain/advisory.js';
import type { AssetView, FleetEvaluation } from './evaluation/index.js';
import type { ExposureRow } from './report-types.js';

export type { ExposureRow };

interface Tally {
  related: Set<string>;
  severity: Severity;
  hosts: Set<string>;
  images: Set<string>;
  inherited: Set<string>;
  introduced: Set<string>;
  standalone: Set<string>;
}

/** One image version's findings grouped by advisory: keys (for `except`), CVEs, severity. */
interface ImageAdvisory {
  readonly keys: readonly string[];
  readonly cves: readonly string[];
  readonly severity: Severity;
}

/**
 * Exposure per advisory and per CVE over one evaluation: which hosts and images carry each, by
 * origin, and each affected image version's clone count as the blast radius. Ordered by
 * severity, then reach.
 */
export function exposureReport(evaluation: FleetEvaluation): {
  advisories: ExposureRow[];
  cves: ExposureRow[];
} {
  const clones = new Map<string, number>();
  const assets = [...evaluation.assets()];
  for (const a of assets) {
    if (a.kind === 'host' && a.image !== null) clones.set(a.image, (clones.get(a.image) ?? 0) + 1);
  }
  const byAdvisory = new Map<string, Tally>();
  const byCve = new Map<string, Tally>();
  const noteAll = (id: string, cves: readonly string[], sev: Severity, a: AssetView, o: string) => {
    note(byAdvisory, id, cves, sev, a, o);
    for (const cve of cves) note(byCve, cve, [id], sev, a, o);
  };
  const images = new Map<string, Map<string, ImageAdvisory>>();
  for (const a of assets) {
    const lineage = evaluation.lineageOf(a.id);
    for (const f of lineage.own) noteAll(f.advisory, f.cves, f.severity, a, f.origin);
    if (lineage.imageId === null) continue;
    let image = images.get(lineage.imageId);
    if (!image) images.set(lineage.imageId, (image = byAdvisoryOf(evaluation, lineage.imageId)));
    // A clone inherits an advisory unless it lacks every one of the image's findings of it.
    for (const [id, adv] of image) {
      if (adv.keys.every((k) => lineage.except.has(k))) continue;
      noteAll(id, adv.cves, adv.severity, a, 'inherited');
    }
  }
  return { advisories: rows(byAdvisory, clones), cves: rows(byCve, clones) };
}

function byAdvisoryOf(evaluation: FleetEvaluation, imageId: string): Map<string, ImageAdvisory> {
  const out = new Map<string, { keys: string[]; cves: readonly string[]; severity: Severity }>();
  for (const f of evaluation.findingsOf(imageId)) {
    let adv = out.get(f.advisory);
    if (!adv) out.set(f.advisory, (adv = { keys: [], cves: f.cves, severity: f.severity }));
    adv.keys.push(`${f.advisory}\u0000${f.package}`);
  }
  return out;
}

function note(
  into: Map<string, Tally>,
  id: string,
  related: readonly string[],
  severity: Severity,
  a: AssetView,
  origin: string,
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
      standalone: new Set(),
    };
    into.set(id, t);
  }
  for (const r of related) t.related.add(r);
  if (severityOrder.indexOf(severity) < severityOrder.indexOf(t.severity)) t.severity = severity;
  if (a.kind === 'image') {
    t.images.add(a.name);
    return;
  }
  t.hosts.add(a.name);
  if (origin === 'inherited') t.inherited.add(a.name);
  else if (origin === 'introduced') t.introduced.add(a.name);
  else t.standalone.add(a.name);
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
      standalone: t.standalone.size,
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
