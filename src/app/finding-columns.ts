import type { AssetFinding } from './evaluation/index.js';

/** Table and CSV columns of `findings`, by the JSON field they show. */
export const findingColumns: Readonly<Record<string, (f: AssetFinding) => unknown>> = {
  asset: (f) => f.asset,
  kind: (f) => f.kind,
  platform: (f) => f.platform,
  image: (f) => f.image,
  origin: (f) => f.origin,
  severity: (f) => f.severity,
  advisory: (f) => f.advisory,
  cves: (f) => f.cves,
  package: (f) => f.package,
  arch: (f) => f.arch ?? null,
  installed: (f) => f.installed,
  fixed: (f) => f.fixed ?? null,
  kbs: (f) => f.kbs ?? [],
  status: (f) => f.status,
  reason: (f) => f.reason ?? null,
  source: (f) => f.evidence.source,
  knownExploited: (f) => f.knownExploited === true,
  kevDue: (f) => f.kev?.dueDate ?? null,
  epss: (f) => f.epss?.epss ?? null,
  epssPercentile: (f) => f.epss?.percentile ?? null,
  advisories: (f) => (f.advisories ?? []).map((a) => `${a.source}:${a.id}`),
  disagreement: (f) => f.disagreement ?? null,
};
