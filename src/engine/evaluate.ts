import type { AffectedPackage } from '../domain/advisory.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { schemeOf, type Platform, type SchemeId } from '../domain/platform.js';
import { consolidate } from './consolidate.js';
import { applyRunningKernel } from './kernel.js';
import { packageKey, type MatchIndex, type PackageRule } from './match-index.js';
import { packageModule, streamFit, type PackageModule } from './module-stream.js';
import { streamOf } from './stream.js';
import { FindingStatus, MatchRule, type Finding } from './types.js';
import { evaluateWindows } from './windows.js';

/** Compares two versions of one scheme: negative, zero or positive. Throws on invalid input. */
export type Compare = (a: string, b: string) => number;

export interface EvaluatorOptions {
  /** The comparator for each package scheme (dpkg, rpm, apk). */
  readonly compareFor: (scheme: SchemeId) => Compare;
}

/** A rule that matched one (stream, kind, name, version, arch, module), with its status. */
interface Verdict {
  readonly rule: PackageRule;
  readonly status: FindingStatus;
  readonly reason?: string;
}

/**
 * Evaluates inventories against one MatchIndex. Verdicts are cached per distinct
 * (stream, package kind, name, version, arch), so a package version shared by ten thousand
 * clones is compared once. Create one evaluator per index; it is not safe to share across
 * index rebuilds.
 */
export interface Evaluator {
  evaluate(asset: string, inventory: Inventory): Finding[];
  /**
   * Package rules only, for a package set that is not a whole inventory (an image's base set,
   * a clone's delta): no Windows or running-kernel rules, which need the whole inventory.
   */
  evaluatePackages(
    asset: string,
    platform: Platform,
    packages: readonly InstalledPackage[],
  ): Finding[];
  /** Verdict cache size, for benchmarks. */
  readonly cacheSize: number;
  readonly diagnostics: readonly Diagnostic[];
}

export function createEvaluator(index: MatchIndex, opts: EvaluatorOptions): Evaluator {
  const cache = new Map<string, readonly Verdict[]>();
  const diagnostics: Diagnostic[] = [];
  const none: readonly Verdict[] = [];

  function verdicts(
    stream: string,
    scheme: SchemeId,
    kind: 'source' | 'binary',
    name: string,
    version: string,
    arch: string,
    module: PackageModule,
  ): readonly Verdict[] {
    const rules = index.packages.get(packageKey(stream, kind, name));
    if (!rules) return none;
    const key = `${stream}\u0000${kind}\u0000${name}\u0000${version}\u0000${arch}\u0000${module}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const compare = opts.compareFor(scheme);
    const out: Verdict[] = [];
    for (const rule of rules) {
      const fit = streamFit(module, rule.entry);
      if (fit.kind === 'skip') continue;
      const status = judge(compare, version, arch, rule, diagnostics);
      if (!status) continue;
      out.push(
        fit.kind === 'applies'
          ? { rule, status }
          : { rule, status: FindingStatus.Unverifiable, reason: fit.reason },
      );
    }
    const result = out.length > 0 ? out : none;
    cache.set(key, result);
    return result;
  }

  function evaluatePackages(
    asset: string,
    platform: Platform,
    packages: readonly InstalledPackage[],
  ): Finding[] {
    const stream = streamOf(platform);
    const scheme = schemeOf(platform);
    const byKey = new Map<string, Finding>();
    for (const pkg of packages) {
      const module = packageModule(pkg.modularityLabel, pkg.version);
      const binary = verdicts(stream, scheme, 'binary', pkg.name, pkg.version, pkg.arch, module);
      collect(byKey, asset, pkg, binary, 'binary', scheme);
      const source = verdicts(
        stream,
        scheme,
        'source',
        pkg.sourceName,
        pkg.sourceVersion,
        pkg.arch,
        module,
      );
      collect(byKey, asset, pkg, source, 'source', scheme);
    }
    return consolidate([...byKey.values()], opts.compareFor(scheme));
  }

  function evaluate(asset: string, inventory: Inventory): Finding[] {
    const platform = inventory.platform;
    if (!platform) return [];
    if (inventory.windows) {
      return evaluateWindows(asset, streamOf(platform), inventory.windows, index);
    }
    const findings = evaluatePackages(asset, platform, inventory.packages);
    return inventory.runningKernel === undefined
      ? findings
      : applyRunningKernel(findings, inventory, opts.compareFor(schemeOf(platform)));
  }

  return {
    evaluate,
    evaluatePackages,
    get cacheSize() {
      return cache.size;
    },
    diagnostics,
  };
}

/** Whether `version` is affected by `rule`; the status it yields, or null. */
function judge(
  compare: Compare,
  version: string,
  arch: string,
  rule: PackageRule,
  diagnostics: Diagnostic[],
): FindingStatus | null {
  const e = rule.entry;
  if (e.status === 'not-affected') return null;
  if (e.arch && e.arch.length > 0 && !e.arch.includes(arch)) return null;
  try {
    if (e.introduced !== undefined && compare(version, e.introduced) < 0) return null;
    if (e.status === 'fixed') {
      if (e.fixed === undefined) return null;
      return compare(version, e.fixed) < 0 ? FindingStatus.Open : null;
    }
  } catch (err) {
    diagnostics.push({
      severity: 'warning',
      message: `cannot compare ${version} with ${rule.advisory.id}: ${(err as Error).message}`,
      location: { record: `${rule.advisory.id}/${e.package}` },
    });
    return null;
  }
  return e.status === 'will-not-fix' ? FindingStatus.WillNotFix : FindingStatus.NoFixYet;
}

const statusRank: Record<FindingStatus, number> = {
  open: 0,
  unverifiable: 1,
  'fixed-pending-reboot': 2,
  'no-fix-yet': 3,
  'will-not-fix': 4,
};

function collect(
  into: Map<string, Finding>,
  asset: string,
  pkg: InstalledPackage,
  found: readonly Verdict[],
  kind: 'source' | 'binary',
  scheme: SchemeId,
): void {
  for (const { rule, status, reason } of found) {
    const key = `${rule.advisory.source}\u0000${rule.advisory.id}\u0000${pkg.name}\u0000${pkg.arch}`;
    const prev = into.get(key);
    if (prev && statusRank[prev.status] <= statusRank[status]) continue;
    const finding = toFinding(asset, pkg, rule.entry, rule, status, kind, scheme);
    into.set(key, reason === undefined ? finding : { ...finding, reason });
  }
}

function toFinding(
  asset: string,
  pkg: InstalledPackage,
  e: AffectedPackage,
  rule: PackageRule,
  status: FindingStatus,
  kind: 'source' | 'binary',
  scheme: SchemeId,
): Finding {
  const installed = kind === 'source' ? pkg.sourceVersion : pkg.version;
  return {
    asset,
    advisory: rule.advisory.id,
    cves: rule.advisory.cves,
    package: pkg.name,
    arch: pkg.arch,
    sourcePackage: pkg.sourceName,
    installed,
    ...(e.fixed !== undefined && { fixed: e.fixed }),
    severity: rule.advisory.severity,
    ...(rule.advisory.knownExploited && { knownExploited: true }),
    status,
    evidence: {
      source: rule.advisory.source,
      rule: kind === 'source' ? MatchRule.SourcePackage : MatchRule.BinaryPackage,
      scheme,
      installed,
      ...(e.fixed !== undefined && { fixed: e.fixed }),
      ...(e.introduced !== undefined && { introduced: e.introduced }),
      platform: e.platform,
    },
  };
}
