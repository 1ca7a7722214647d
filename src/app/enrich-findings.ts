import type { EpssScore, KevEntry, KevMark } from '../domain/enrichment.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Finding } from '../engine/types.js';
import type { Store } from '../store/index.js';

/** KEV entries and EPSS scores for a set of CVEs, read once. */
export interface EnrichmentLookup {
  kevOf(cves: readonly string[]): KevMark | undefined;
  epssOf(cves: readonly string[]): EpssScore | undefined;
}

/** Reads what the store knows about `cves` (any letter case). */
export async function enrichmentLookup(
  store: Store,
  cves: Iterable<string>,
): Promise<EnrichmentLookup> {
  const wanted = new Set([...cves].map((c) => c.toUpperCase()));
  const [kev, epss] = await Promise.all([
    store.enrichment.kev(wanted),
    store.enrichment.epss(wanted),
  ]);
  return {
    kevOf: (list) => soonestDue(list.flatMap((c) => kev.get(c.toUpperCase()) ?? [])),
    epssOf: (list) => highest(list.flatMap((c) => epss.get(c.toUpperCase()) ?? [])),
  };
}

/** Of several KEV entries, the one due first (ties: the first added, then by CVE). */
function soonestDue(entries: readonly KevEntry[]): KevMark | undefined {
  const e = [...entries].sort(
    (a, b) => cmp(a.dueDate, b.dueDate) || cmp(a.dateAdded, b.dateAdded) || cmp(a.cve, b.cve),
  )[0];
  return e && { cve: e.cve, dateAdded: e.dateAdded, dueDate: e.dueDate, ransomware: e.ransomware };
}

function highest(scores: readonly EpssScore[]): EpssScore | undefined {
  return [...scores].sort((a, b) => b.epss - a.epss || cmp(a.cve, b.cve))[0];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What enrichment reads of a finding: its CVEs and the vendor's exploited flag. */
export type Enrichable = Pick<Finding, 'cves' | 'knownExploited'>;

/**
 * The finding with `knownExploited` (the vendor's flag, or a KEV listing of any of its CVEs),
 * `kev` (CISA's dates) and `epss` (the highest score of its CVEs) set from `lookup`. Applied
 * after evaluation; the engine's matching never sees these sources.
 */
export function enrichFinding<F extends Enrichable>(f: F, lookup: EnrichmentLookup): F {
  const kev = lookup.kevOf(f.cves);
  const epss = lookup.epssOf(f.cves);
  if (!kev && !epss) return f;
  return {
    ...f,
    ...((kev || f.knownExploited) && { knownExploited: true }),
    ...(kev && { kev }),
    ...(epss && { epss }),
  };
}

/** `enrichFinding` over a list, reading the store once for every CVE in it. */
export async function enrichFindings<F extends Enrichable>(
  store: Store,
  findings: readonly F[],
): Promise<F[]> {
  const lookup = await enrichmentLookup(
    store,
    findings.flatMap((f) => f.cves),
  );
  return findings.map((f) => enrichFinding(f, lookup));
}

/**
 * Compliance input with KEV listings marked `knownExploited`, so a tier's known-exploited
 * deadline (policy `knownExploited`) applies to them.
 */
export async function enrichCompliance<A extends { readonly findings: readonly Enrichable[] }>(
  store: Store,
  assets: readonly A[],
): Promise<A[]> {
  const lookup = await enrichmentLookup(
    store,
    assets.flatMap((a) => a.findings.flatMap((f) => f.cves)),
  );
  return assets.map((a) => ({ ...a, findings: a.findings.map((f) => enrichFinding(f, lookup)) }));
}

/** `--kev` and `--epss-min`: what a listing keeps by likelihood of exploitation. */
export interface ExploitFilter {
  /** Only known-exploited findings (vendor flag or KEV). */
  readonly kev?: boolean;
  /** Only findings whose highest EPSS score is at least this (0..1); unscored ones drop out. */
  readonly epssMin?: number;
}

/** Whether an enriched finding passes the filter. */
export function passesExploitFilter(
  f: Pick<Finding, 'knownExploited' | 'epss'>,
  q: ExploitFilter,
): boolean {
  if (q.kev && f.knownExploited !== true) return false;
  return q.epssMin === undefined || (f.epss !== undefined && f.epss.epss >= q.epssMin);
}

/** Parses `--epss-min`: a probability `0.5` or a percentage `50%`; INPUT_INVALID otherwise. */
export function parseEpssMin(text: string): number {
  const t = text.trim();
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1) : t);
  const v = pct ? n / 100 : n;
  if (t === '' || t === '%' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `--epss-min ${text}: a probability from 0 to 1 (0.5) or a percentage (50%)`,
      { location: { record: text } },
    );
  }
  return v;
}
