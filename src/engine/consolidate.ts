import { severityOrder } from '../domain/advisory.js';
import { statusRank } from './status-rank.js';
import type { AdvisoryVote, ClearVote, Finding } from './types.js';

/**
 * Source precedence, vendor's own feed first: each platform family's vendor feed (Debian
 * tracker, Ubuntu USN database, Red Hat CSAF, Alpine secdb, MSRC), then the vendor's OVAL and
 * VEX, then OSV, which republishes the vendors. The families do not share sources, so one list
 * orders every family. Unknown sources come last, by name.
 */
export const sourcePrecedence: readonly string[] = [
  'debian-tracker',
  'ubuntu-usn',
  'csaf',
  'alpine-secdb',
  'msrc-cvrf',
  'oval',
  'openvex',
  'osv',
];

function sourceRank(source: string): number {
  const i = sourcePrecedence.indexOf(source);
  return i < 0 ? sourcePrecedence.length : i;
}

/** Compares two versions of the package's scheme; may throw on a version it cannot parse. */
export type CompareVersions = (a: string, b: string) => number;

/** A per-CVE record (`CVE-…`, `UBUNTU-CVE-…`, `CVE-…@rhel:9`) rather than a notice. */
function perCve(id: string): boolean {
  return /(^|[-/])CVE-\d/i.test(id);
}

function text(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Precedence of two raw findings: source rank (then name); within one source the higher fixed
 * version (a later revision clears the earlier one), a notice before a per-CVE record (the
 * notice names the upgrade), then advisory id.
 */
function precedence(compare: CompareVersions | undefined): (a: Finding, b: Finding) => number {
  const fixedDesc = (a: Finding, b: Finding): number => {
    if (a.fixed === b.fixed) return 0;
    if (a.fixed === undefined) return 1;
    if (b.fixed === undefined) return -1;
    if (!compare) return 0;
    try {
      return Math.sign(compare(b.fixed, a.fixed));
    } catch {
      return 0;
    }
  };
  return (a, b) =>
    sourceRank(a.evidence.source) - sourceRank(b.evidence.source) ||
    text(a.evidence.source, b.evidence.source) ||
    fixedDesc(a, b) ||
    Number(perCve(a.advisory)) - Number(perCve(b.advisory)) ||
    text(a.advisory, b.advisory);
}

/** Keys that join raw findings of one package: each CVE, and the advisory id itself. */
function tokens(f: Pick<Finding, 'advisory' | 'cves'>): string[] {
  return [`id\u0000${f.advisory}`, ...f.cves.map((c) => `cve\u0000${c.toUpperCase()}`)];
}

/**
 * Merges raw findings (one per advisory, package and arch) into one finding per vulnerability
 * on each (asset, package, arch): raw findings of the same package whose CVE sets overlap, or
 * whose advisory ids are equal, are one group (union-find, so overlap is transitive). A finding
 * without CVEs joins only findings of the same advisory id.
 *
 * A group's finding takes the most severe status (`statusRank`). Its primary advisory is the
 * first in precedence among those reporting that status (`sourcePrecedence`; within a source
 * the highest fixed version by `compare`, a notice before a per-CVE record, the id) and gives
 * `advisory`, `fixed`, `reason` and `evidence`. `cves` is the union (the primary's first),
 * `severity` the highest, `knownExploited` if any says so. With two or more advisories, `advisories` lists them all in
 * precedence order, and `disagreement` says how when they differ on fixed version or status.
 * A group of one is returned as the same object. Output keeps the order of each group's first
 * member. `clears` are advisories that judge the installed package clear: each joins the group
 * it shares a CVE or id with on the same package (none makes a finding of its own) and is
 * listed in `advisories`, so "one feed says fixed, another affected" is a stated disagreement.
 * See docs/decisions/0034-one-finding-many-feeds.md.
 */
export function consolidate(
  raw: readonly Finding[],
  compare?: CompareVersions,
  clears: readonly ClearVote[] = [],
): Finding[] {
  if (raw.length < 2 && (raw.length === 0 || clears.length === 0)) return [...raw];
  const parent = raw.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  for (const [i, f] of raw.entries()) {
    const where = `${f.asset}\u0000${f.package}\u0000${f.arch ?? ''}\u0000`;
    for (const t of tokens(f)) {
      const k = where + t;
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const order = precedence(compare);
  const groups = new Map<number, Finding[]>();
  for (const [i, f] of raw.entries()) {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(f);
    else groups.set(root, [f]);
  }
  const extra = new Map<number, ClearVote[]>();
  for (const c of clears) {
    const where = `${c.asset}\u0000${c.package}\u0000${c.arch ?? ''}\u0000`;
    const hit = tokens(c)
      .map((t) => owner.get(where + t))
      .find((j) => j !== undefined);
    if (hit === undefined) continue;
    const root = find(hit);
    const list = extra.get(root);
    if (list) list.push(c);
    else extra.set(root, [c]);
  }
  return [...groups.entries()].map(([root, g]) =>
    g.length === 1 && !extra.has(root) ? g[0]! : merge(g, order, extra.get(root) ?? []),
  );
}

function merge(
  group: readonly Finding[],
  order: (a: Finding, b: Finding) => number,
  clears: readonly ClearVote[],
): Finding {
  const ordered = [...group].sort(order);
  let worst = ordered[0]!.status;
  for (const f of ordered) if (statusRank[f.status] < statusRank[worst]) worst = f.status;
  const primary = ordered.find((f) => f.status === worst)!;
  const cves = new Map<string, string>();
  for (const c of [primary, ...ordered].flatMap((f) => f.cves)) {
    if (!cves.has(c.toUpperCase())) cves.set(c.toUpperCase(), c);
  }
  let severity = primary.severity;
  for (const f of ordered) {
    if (severityOrder.indexOf(f.severity) < severityOrder.indexOf(severity)) severity = f.severity;
  }
  const affected: AdvisoryVote[] = ordered.map((f) => ({
    id: f.advisory,
    source: f.evidence.source,
    ...(f.fixed !== undefined && { fixed: f.fixed }),
    status: f.status,
  }));
  // A feed's own earlier fix, where a later revision of it still reports the package, is the
  // feed revising itself, not a second opinion: only other feeds' clear verdicts are listed.
  const seen = new Set(affected.map((v) => v.source));
  const clear: AdvisoryVote[] = [];
  for (const c of [...clears].sort(
    (a, b) => sourceRank(a.source) - sourceRank(b.source) || text(a.advisory, b.advisory),
  )) {
    const key = `${c.source}\u0000${c.advisory}`;
    if (seen.has(c.source) || seen.has(key)) continue;
    seen.add(key);
    clear.push({
      id: c.advisory,
      source: c.source,
      ...(c.fixed !== undefined && { fixed: c.fixed }),
      status: c.verdict,
    });
  }
  if (group.length === 1 && clear.length === 0) return group[0]!;
  const advisories = [...affected, ...clear];
  const disagreement = describeDisagreement(advisories);
  // The primary's status is the worst, and its fixed version and reason go with it.
  return {
    ...primary,
    cves: [...cves.values()],
    severity,
    ...(ordered.some((f) => f.knownExploited) && { knownExploited: true }),
    advisories,
    ...(disagreement !== undefined && { disagreement }),
  };
}

function verdictOf(v: AdvisoryVote): string {
  if (v.status === 'fixed') return `fixed in ${v.fixed ?? '?'}, which is installed`;
  if (v.status === 'not-affected') return 'not affected';
  if (v.fixed === undefined) return v.status;
  return v.status === 'open' ? `fixed in ${v.fixed}` : `${v.status} (fixed in ${v.fixed})`;
}

/**
 * "debian-tracker CVE-2023-4911 says fixed in 2.36-9+deb12u3, osv DSA-5514-1 says no-fix-yet";
 * undefined when every advisory gives the same fixed version and status.
 */
export function describeDisagreement(votes: readonly AdvisoryVote[]): string | undefined {
  const first = votes[0];
  if (!first) return undefined;
  const agree = votes.every((v) => v.fixed === first.fixed && v.status === first.status);
  if (agree) return undefined;
  return votes.map((v) => `${v.source} ${v.id} says ${verdictOf(v)}`).join(', ');
}
