import { Severity, severityOrder } from '../../domain/index.js';

/**
 * Severity given to an advisory whose vendor publishes no rating and carries no CVSS score
 * (Alpine secdb, USN database, DSA list). Medium keeps SLA clocks running; `vendorSeverity` stays
 * absent so reports can tell "unrated" apart. See src/advisories/README.md.
 */
export const unratedSeverity: Severity = Severity.Medium;

/** CVSS v3.x/v4 qualitative rating scale (FIRST CVSS v3.1 specification §5). */
export function severityFromScore(score: number): Severity {
  if (score <= 0) return Severity.None;
  if (score < 4) return Severity.Low;
  if (score < 7) return Severity.Medium;
  if (score < 9) return Severity.High;
  return Severity.Critical;
}

/** The most severe of the given ratings, or undefined for none. */
export function maxSeverity(list: Iterable<Severity | undefined>): Severity | undefined {
  let best: Severity | undefined;
  for (const s of list) {
    if (s === undefined) continue;
    if (best === undefined || severityOrder.indexOf(s) < severityOrder.indexOf(best)) best = s;
  }
  return best;
}

/**
 * Red Hat's four-point impact scale (access.redhat.com/security/updates/classification), also
 * used by AlmaLinux, Rocky and Microsoft: Critical, Important → high, Moderate → medium, Low.
 */
export function severityFromRedHat(text: string | undefined): Severity | undefined {
  switch (text?.trim().toLowerCase()) {
    case 'critical':
      return Severity.Critical;
    case 'important':
      return Severity.High;
    case 'moderate':
      return Severity.Medium;
    case 'low':
      return Severity.Low;
    default:
      return undefined;
  }
}

/** Debian urgency / Ubuntu priority words: `high**` (NVD-derived) counts as `high`. */
export function severityFromPriority(text: string | undefined): Severity | undefined {
  switch (text?.replace(/\*+$/, '').trim().toLowerCase()) {
    case 'critical':
      return Severity.Critical;
    case 'high':
      return Severity.High;
    case 'medium':
      return Severity.Medium;
    case 'low':
      return Severity.Low;
    case 'negligible':
    case 'unimportant':
      return Severity.None;
    default:
      return undefined;
  }
}

// `UBUNTU-CVE-…` and `ALPINE-CVE-…` wrap a CVE id; keep the CVE part.
const cvePattern = /^(?:[A-Z]+-)?(CVE-\d{4}-\d{4,})$/;

/** Keeps CVE ids only (feeds mix in bug URLs and vendor ids), de-duplicated, in first-seen order. */
export function cveIds(list: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const s of list) {
    for (const token of s.split(/[\s,]+/)) {
      const m = cvePattern.exec(token);
      if (m?.[1]) out.add(m[1]);
    }
  }
  return [...out];
}
