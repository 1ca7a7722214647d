import type { Advisory } from '../domain/advisory.js';
import { FindingStatus, MatchRule, type Finding } from '../engine/types.js';
import { normalizeKb } from '../engine/windows.js';
import type { Store } from '../store/index.js';
import { EvaluationService, type FleetEvaluation } from './evaluation/index.js';

/** One update to deploy and what deploying it clears. */
export interface KbRollupRow {
  readonly kb: string;
  /** CVEs it clears, sorted. */
  readonly cves: readonly string[];
  /** Hosts it clears them on, sorted. */
  readonly hosts: readonly string[];
  /** Open findings assigned to it (one per host and CVE). */
  readonly findings: number;
}

export interface KbRollup {
  /** Most CVEs first, then most hosts, then KB. */
  readonly rows: readonly KbRollupRow[];
  /** Open Windows findings assigned (the sum of `findings`). */
  readonly findings: number;
  /**
   * Windows findings no KB is assigned to: unverifiable ones (the host does not state its
   * product) and open ones without a KB.
   */
  readonly unassigned: number;
}

/**
 * Which Windows updates to deploy: each open Windows finding is assigned to the newest KB that
 * clears it, that is a KB fixing it (its `kbs`) or, transitively, one that supersedes such a
 * KB. The walk starts from the finding's first KB (its newest cumulative update) and ends at
 * the updates nothing supersedes; of those the highest KB number wins. So one row per update an
 * operator deploys: "KB5035857 clears 37 CVEs on 12 hosts".
 *
 * `supersedes` is KB → the KBs it supersedes (MSRC CVRF `Supercedence`), over every advisory.
 */
export function rollupKbs(
  findings: Iterable<Pick<Finding, 'asset' | 'cves' | 'advisory' | 'status' | 'evidence' | 'kbs'>>,
  supersedes: ReadonlyMap<string, ReadonlySet<string>>,
): KbRollup {
  const supersededBy = new Map<string, string[]>();
  for (const [kb, olds] of supersedes) {
    for (const old of olds) {
      const k = normalizeKb(old);
      const list = supersededBy.get(k);
      if (list) list.push(normalizeKb(kb));
      else supersededBy.set(k, [normalizeKb(kb)]);
    }
  }
  const newest = new Map<string, string>();
  const newestOf = (kb: string): string => {
    const hit = newest.get(kb);
    if (hit) return hit;
    const tops: string[] = [];
    const seen = new Set<string>();
    const stack = [kb];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen.has(k)) continue;
      seen.add(k);
      const up = supersededBy.get(k);
      if (!up || up.length === 0) tops.push(k);
      else stack.push(...up);
    }
    const top = tops.sort((a, b) => Number(b.slice(2)) - Number(a.slice(2)))[0] ?? kb;
    newest.set(kb, top);
    return top;
  };
  const rows = new Map<string, { cves: Set<string>; hosts: Set<string>; findings: number }>();
  let assigned = 0;
  let unassigned = 0;
  for (const f of findings) {
    if (f.evidence.rule !== MatchRule.WindowsKb) continue;
    const first = f.kbs?.[0];
    if (f.status === FindingStatus.Unverifiable || (f.status === FindingStatus.Open && !first)) {
      unassigned++;
      continue;
    }
    if (f.status !== FindingStatus.Open || !first) continue;
    const kb = newestOf(normalizeKb(first));
    let row = rows.get(kb);
    if (!row) {
      row = { cves: new Set(), hosts: new Set(), findings: 0 };
      rows.set(kb, row);
    }
    for (const c of f.cves.length > 0 ? f.cves : [f.advisory]) row.cves.add(c);
    row.hosts.add(f.asset);
    row.findings++;
    assigned++;
  }
  const out = [...rows].map(([kb, r]) => ({
    kb,
    cves: [...r.cves].sort(),
    hosts: [...r.hosts].sort(),
    findings: r.findings,
  }));
  out.sort(
    (a, b) =>
      b.cves.length - a.cves.length ||
      b.hosts.length - a.hosts.length ||
      (a.kb < b.kb ? -1 : a.kb > b.kb ? 1 : 0),
  );
  return { rows: out, findings: assigned, unassigned };
}

/** KB → the KBs it supersedes, from advisories' Windows entries. */
export function supersedenceOf(advisories: Iterable<Advisory>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of advisories) {
    for (const e of a.affected) {
      if (e.kind !== 'kb' || !e.kb || !e.supersedes) continue;
      const kb = normalizeKb(e.kb);
      const set = out.get(kb) ?? new Set<string>();
      for (const old of e.supersedes) if (normalizeKb(old) !== kb) set.add(normalizeKb(old));
      out.set(kb, set);
    }
  }
  return out;
}

export interface KbRollupQuery {
  /** A long-lived service to read instead of evaluating from a cold start. */
  readonly service?: EvaluationService;
  readonly evaluation?: FleetEvaluation;
}

/** `patchline findings --rollup`: the roll-up over the stored fleet and advisories. */
export async function kbRollup(store: Store, q: KbRollupQuery = {}): Promise<KbRollup> {
  const evaluation = q.evaluation ?? (q.service ?? (await EvaluationService.open(store))).current();
  const findings: Finding[] = [];
  const sources = new Set<string>();
  for (const a of evaluation.assets()) {
    for (const f of evaluation.findingsOf(a.id)) {
      if (f.evidence.rule !== MatchRule.WindowsKb) continue;
      findings.push(f);
      sources.add(f.evidence.source);
    }
  }
  const advisories: Advisory[] = [];
  for (const source of [...sources].sort()) {
    advisories.push(...(await store.advisories.all({ source })));
  }
  return rollupKbs(findings, supersedenceOf(advisories));
}
