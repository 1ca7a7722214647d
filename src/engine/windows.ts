import { invalidVersion } from '../versioning/errors.js';
import type { WindowsState } from '../domain/inventory.js';
import type { MatchIndex, ProductRule } from './match-index.js';
import { FindingStatus, MatchRule, type Finding } from './types.js';

/**
 * Windows matching (MSRC CVRF semantics): a product's fix is missing when no installed KB is
 * the fixing KB or one that supersedes it (transitively, across months), and the OS build is
 * below the fix's FixedBuild. When the inventory shows no update build revision, the build test
 * cannot clear a finding and KBs alone decide.
 */
export function evaluateWindows(
  asset: string,
  stream: string,
  win: WindowsState,
  index: MatchIndex,
): Finding[] {
  const rules = index.products.get(stream);
  if (!rules) return [];
  const covered = supersededClosure(win.kbs, index.supersedes);
  const installedBuild = win.ubr === undefined ? undefined : `${win.build}.${win.ubr}`;
  const out = new Map<string, Finding>();
  for (const rule of rules) {
    const f = judgeProduct(asset, rule, covered, installedBuild, win);
    if (!f) continue;
    const key = `${f.advisory}\u0000${rule.entry.kb ?? ''}`;
    if (!out.has(key)) out.set(key, f);
  }
  return [...out.values()];
}

function judgeProduct(
  asset: string,
  rule: ProductRule,
  covered: ReadonlySet<string>,
  installedBuild: string | undefined,
  win: WindowsState,
): Finding | null {
  const e = rule.entry;
  if (e.status === 'not-affected') return null;
  let status: FindingStatus;
  let reason: string | undefined;
  if (e.status === 'fixed') {
    if (!e.kb) return null;
    if (covered.has(e.kb)) return null;
    try {
      if (e.fixedBuild && installedBuild && compareBuild(installedBuild, e.fixedBuild) >= 0) {
        return null;
      }
      status = FindingStatus.Open;
    } catch (err) {
      status = FindingStatus.Unverifiable;
      reason = `cannot compare builds: ${(err as Error).message}`;
    }
  } else {
    status = e.status === 'will-not-fix' ? FindingStatus.WillNotFix : FindingStatus.NoFixYet;
  }
  const installed = installedBuild ?? win.build;
  const fixed = e.kb ?? e.fixedBuild;
  return {
    asset,
    advisory: rule.advisory.id,
    cves: rule.advisory.cves,
    package: e.product,
    installed,
    ...(fixed !== undefined && { fixed }),
    severity: rule.advisory.severity,
    ...(rule.advisory.knownExploited && { knownExploited: true }),
    status,
    ...(reason !== undefined && { reason }),
    evidence: {
      source: rule.advisory.source,
      rule: MatchRule.WindowsKb,
      scheme: 'kb',
      installed: `${installed}; ${win.kbs.length} KBs`,
      ...(fixed !== undefined && {
        fixed: e.fixedBuild ? `${fixed} (build ${e.fixedBuild})` : fixed,
      }),
      platform: e.platform,
    },
  };
}

/** Installed KBs plus every KB they supersede, directly or through a chain. */
export function supersededClosure(
  installed: readonly string[],
  supersedes: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const seen = new Set<string>();
  const stack = installed.map(normalizeKb);
  while (stack.length > 0) {
    const kb = stack.pop()!;
    if (seen.has(kb)) continue;
    seen.add(kb);
    for (const old of supersedes.get(kb) ?? []) stack.push(normalizeKb(old));
  }
  return seen;
}

export function normalizeKb(kb: string): string {
  const digits = kb.replace(/^kb/i, '');
  return `KB${digits}`;
}

const dottedBuild = /^\d+(?:\.\d+)*$/;

/**
 * Compares dotted numeric builds (`10.0.19045.3693`); missing parts count as 0. Throws on a
 * build that is not dotted digits rather than ordering garbage.
 */
export function compareBuild(a: string, b: string): number {
  for (const x of [a, b]) {
    if (!dottedBuild.test(x)) throw invalidVersion('kb', x, 'not a dotted numeric build');
  }
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
