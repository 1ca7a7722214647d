import type { AffectedProduct } from '../domain/advisory.js';
import { invalidVersion } from '../versioning/errors.js';
import type { WindowsState } from '../domain/inventory.js';
import {
  incompleteIdentityReason,
  isCompleteIdentity,
  parseWindowsRelease,
  type WindowsIdentity,
} from '../domain/windows-identity.js';
import type { MatchIndex, ProductRule } from './match-index.js';
import { FindingStatus, MatchRule, type Finding } from './types.js';

/**
 * Windows matching (MSRC CVRF semantics). A host is matched against its own product only:
 * the identity stream `windows:<build>:<edition>:<arch>[:core]`. Per CVE, every KB MSRC lists
 * for that product (monthly cumulative, security-only, alternatives) fixes it, so the CVE is
 * cleared when any of them, or a KB superseding one (transitively, across months), is installed,
 * or the OS build reaches a FixedBuild; otherwise one finding lists them all, newest first.
 * When the inventory shows no update build revision, the build test cannot clear a finding.
 *
 * A host that states only a build (`windows:10.0.17763`) is not matched: builds are shared
 * (Windows 10 1809 and Server 2019), so each CVE open for some product of that build yields an
 * `unverifiable` finding saying which identity parts are missing.
 */
export function evaluateWindows(
  asset: string,
  stream: string,
  win: WindowsState,
  index: MatchIndex,
): Finding[] {
  const id = parseWindowsRelease(stream.slice(stream.indexOf(':') + 1));
  if ('error' in id) return [];
  const complete = isCompleteIdentity(id);
  const rules = complete
    ? index.products.get(stream)
    : index.products.get(`windows:${id.build}`)?.filter((r) => fits(r.entry, id));
  if (!rules || rules.length === 0) return [];
  const covered = supersededClosure(win.kbs, index.supersedes);
  const installedBuild = win.ubr === undefined ? undefined : `${win.build}.${win.ubr}`;
  const byCve = new Map<string, ProductRule[]>();
  for (const rule of rules) {
    const key = complete ? rule.advisory.id : `${rule.advisory.id}\u0000${rule.entry.product}`;
    const list = byCve.get(key);
    if (list) list.push(rule);
    else byCve.set(key, [rule]);
  }
  const out = new Map<string, Finding>();
  for (const group of byCve.values()) {
    const f = judgeProduct(asset, group, covered, installedBuild, win, index);
    if (!f) continue;
    if (complete) out.set(f.advisory, f);
    else if (!out.has(f.advisory)) out.set(f.advisory, unverifiable(f, id));
  }
  return [...out.values()];
}

/** Whether a product entry could be the host's product, given the parts the host states. */
function fits(entry: AffectedProduct, id: WindowsIdentity): boolean {
  const p = parseWindowsRelease(entry.platform.slice(entry.platform.indexOf(':') + 1));
  if ('error' in p) return false;
  return (
    (id.edition === undefined || p.edition === id.edition) &&
    (id.arch === undefined || p.arch === id.arch)
  );
}

function unverifiable(f: Finding, id: WindowsIdentity): Finding {
  const e = f.evidence;
  return {
    asset: f.asset,
    advisory: f.advisory,
    cves: f.cves,
    package: `Windows build ${id.build} (product not stated)`,
    installed: f.installed,
    severity: f.severity,
    ...(f.knownExploited && { knownExploited: true }),
    status: FindingStatus.Unverifiable,
    reason: incompleteIdentityReason,
    evidence: {
      source: e.source,
      rule: e.rule,
      scheme: e.scheme,
      installed: e.installed,
      platform: `windows:${id.build}`,
    },
  };
}

/**
 * One (CVE, product)'s entries → its finding, or null when cleared. `fixed` entries with a
 * KB decide when there are any; otherwise the entries' no-fix status does.
 */
function judgeProduct(
  asset: string,
  group: readonly ProductRule[],
  covered: ReadonlySet<string>,
  installedBuild: string | undefined,
  win: WindowsState,
  index: MatchIndex,
): Finding | null {
  const fixes = group.filter((r) => r.entry.status === 'fixed' && r.entry.kb);
  let status: FindingStatus;
  let reason: string | undefined;
  if (fixes.length > 0) {
    for (const { entry: e } of fixes) {
      if (covered.has(normalizeKb(e.kb!))) return null;
      try {
        if (osBuildReached(e.fixedBuild, installedBuild, win.build)) return null;
      } catch (err) {
        reason = `cannot compare builds: ${(err as Error).message}`;
      }
    }
    status = reason === undefined ? FindingStatus.Open : FindingStatus.Unverifiable;
  } else {
    const statuses = group.map((r) => r.entry.status);
    if (statuses.includes('no-fix-yet')) status = FindingStatus.NoFixYet;
    else if (statuses.includes('will-not-fix')) status = FindingStatus.WillNotFix;
    else return null;
  }
  const first = fixes[0]?.entry ?? group[0]!.entry;
  const advisory = (fixes[0] ?? group[0]!).advisory;
  const kbs = orderKbs(
    fixes.map((r) => r.entry),
    index,
  );
  const lead = fixes.find((r) => normalizeKb(r.entry.kb!) === kbs[0])?.entry ?? first;
  const installed = installedBuild ?? win.build;
  const fixed = kbs[0] ?? first.fixedBuild;
  const also = kbs.length > 1 ? `; or ${kbs.slice(1).join(', ')}` : '';
  return {
    asset,
    advisory: advisory.id,
    cves: advisory.cves,
    package: first.product,
    installed,
    ...(fixed !== undefined && { fixed }),
    ...(kbs.length > 0 && { kbs }),
    severity: advisory.severity,
    ...(advisory.knownExploited && { knownExploited: true }),
    status,
    ...(reason !== undefined && { reason }),
    evidence: {
      source: advisory.source,
      rule: MatchRule.WindowsKb,
      scheme: 'kb',
      installed: `${installed}; ${win.kbs.length} KBs`,
      ...(fixed !== undefined && {
        fixed: `${lead.fixedBuild ? `${fixed} (build ${lead.fixedBuild})` : fixed}${also}`,
      }),
      platform: first.platform,
    },
  };
}

/**
 * Whether the OS build reaches a FixedBuild. Only a FixedBuild of the host's own build line
 * (`10.0.19045.3693` on 10.0.19045) is an OS build: MSRC also puts file versions there (`1.001`
 * for a scripting-engine update), which say nothing about the OS.
 */
function osBuildReached(
  fixedBuild: string | undefined,
  installedBuild: string | undefined,
  build: string,
): boolean {
  if (!fixedBuild || !installedBuild || !fixedBuild.startsWith(`${build}.`)) return false;
  return compareBuild(installedBuild, fixedBuild) >= 0;
}

const reaches = new WeakMap<MatchIndex, Map<string, number>>();

/**
 * Orders a CVE's fixing KBs newest first: a KB that supersedes more updates (a cumulative one,
 * whose chain is long) before one that supersedes fewer (security-only), then the higher
 * FixedBuild (a monthly cumulative before a hotpatch of the same month), then the higher KB
 * number. Unique.
 */
export function orderKbs(
  fixes: readonly Pick<AffectedProduct, 'kb' | 'fixedBuild'>[],
  index: MatchIndex,
): string[] {
  let reach = reaches.get(index);
  if (!reach) {
    reach = new Map();
    reaches.set(index, reach);
  }
  const cache = reach;
  const reachOf = (kb: string): number => {
    let n = cache.get(kb);
    if (n === undefined) {
      n = supersededClosure([kb], index.supersedes).size;
      cache.set(kb, n);
    }
    return n;
  };
  const best = new Map<string, string>();
  for (const f of fixes) {
    if (!f.kb) continue;
    const kb = normalizeKb(f.kb);
    const build = f.fixedBuild ?? '';
    const prev = best.get(kb);
    if (prev === undefined || compareBuild(build, prev) > 0) best.set(kb, build);
  }
  return [...best.keys()].sort(
    (a, b) =>
      reachOf(b) - reachOf(a) ||
      compareBuild(best.get(b)!, best.get(a)!) ||
      Number(b.slice(2)) - Number(a.slice(2)),
  );
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
