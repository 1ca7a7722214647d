import type { AffectedPackage } from '../domain/advisory.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { schemeOf, type Platform, type SchemeId } from '../domain/platform.js';
import { assess, type Assessment } from './assessment.js';
import { consolidate } from './consolidate.js';
import { applyRunningKernel } from './kernel.js';
import { packageKey, type MatchIndex, type PackageRule } from './match-index.js';
import { packageModule, streamFit, type PackageModule } from './module-stream.js';
import { streamOf } from './stream.js';
import { statusRank } from './status-rank.js';
import {
  FindingStatus,
  MatchRule,
  type ClearVerdict,
  type ClearVote,
  type Finding,
} from './types.js';
import { evaluateWindows } from './windows.js';

/** Compares two versions of one scheme: negative, zero or positive. Throws on invalid input. */
export type Compare = (a: string, b: string) => number;

export interface EvaluatorOptions {
  /** The comparator for each package scheme (dpkg, rpm, apk). */
  readonly compareFor: (scheme: SchemeId) => Compare;
}

/** A rule that matched one (stream, kind, name, version, arch, module), with its status. */
interface Verdict extends Judged {
  readonly rule: PackageRule;
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
  /** Whether a host on `platform` can be judged against this index at all. */
  assess(platform: Platform | null): Assessment;
  /** Verdict cache size, for benchmarks. */
  readonly cacheSize: number;
  readonly diagnostics: readonly Diagnostic[];
}

const nothing: readonly never[] = [];

export function createEvaluator(index: MatchIndex, opts: EvaluatorOptions): Evaluator {
  const cache = new Map<string, readonly Verdict[]>();
  const diagnostics: Diagnostic[] = [];

  /**
   * What `judge` says of each rule of one (stream, kind, name, version, arch, module), kept per
   * distinct key in `cache`: a package version shared by many hosts is judged once.
   */
  function perVersion<T>(
    cache: Map<string, readonly T[]>,
    stream: string,
    scheme: SchemeId,
    kind: 'source' | 'binary',
    name: string,
    version: string,
    arch: string,
    module: PackageModule,
    judgeRule: (compare: Compare, rule: PackageRule) => T | null,
  ): readonly T[] {
    const rules = index.packages.get(packageKey(stream, kind, name));
    if (!rules) return nothing;
    const key = `${stream}\u0000${kind}\u0000${name}\u0000${version}\u0000${arch}\u0000${module}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const compare = opts.compareFor(scheme);
    const out: T[] = [];
    for (const rule of rules) {
      const t = judgeRule(compare, rule);
      if (t !== null) out.push(t);
    }
    // Most keys match nothing: they share one empty list.
    const result = out.length > 0 ? out : nothing;
    cache.set(key, result);
    return result;
  }

  function verdicts(
    stream: string,
    scheme: SchemeId,
    kind: 'source' | 'binary',
    name: string,
    version: string,
    arch: string,
    module: PackageModule,
  ): readonly Verdict[] {
    return perVersion(cache, stream, scheme, kind, name, version, arch, module, (compare, rule) => {
      const fit = streamFit(module, rule.entry);
      if (fit.kind === 'skip') return null;
      const judged = judge(compare, version, arch, rule);
      if (!judged) return null;
      return fit.kind === 'applies' || judged.status === FindingStatus.Unverifiable
        ? { rule, ...judged }
        : { rule, status: FindingStatus.Unverifiable, reason: fit.reason };
    });
  }

  const clearCache = new Map<string, readonly ClearRule[]>();

  /**
   * The rules that judge this version clear (fixed at or before it, or not affected), for a
   * package that has findings: what other feeds say beside them. Cached like verdicts.
   */
  function clearRules(
    stream: string,
    scheme: SchemeId,
    kind: 'source' | 'binary',
    name: string,
    version: string,
    arch: string,
    module: PackageModule,
  ): readonly ClearRule[] {
    return perVersion(
      clearCache,
      stream,
      scheme,
      kind,
      name,
      version,
      arch,
      module,
      (compare, rule) => {
        if (streamFit(module, rule.entry).kind !== 'applies') return null;
        const verdict = clearOf(compare, version, arch, rule);
        return verdict ? { rule, verdict } : null;
      },
    );
  }

  function clearVotes(
    asset: string,
    pkg: InstalledPackage,
    stream: string,
    scheme: SchemeId,
    module: PackageModule,
  ): ClearVote[] {
    const both = [
      ...clearRules(stream, scheme, 'binary', pkg.name, pkg.version, pkg.arch, module),
      ...clearRules(stream, scheme, 'source', pkg.sourceName, pkg.sourceVersion, pkg.arch, module),
    ];
    return both.map(({ rule, verdict }) => ({
      asset,
      package: pkg.name,
      arch: pkg.arch,
      advisory: rule.advisory.id,
      source: rule.advisory.source,
      cves: rule.advisory.cves,
      ...(rule.entry.fixed !== undefined && { fixed: rule.entry.fixed }),
      verdict,
    }));
  }

  function evaluatePackages(
    asset: string,
    platform: Platform,
    packages: readonly InstalledPackage[],
  ): Finding[] {
    const stream = streamOf(platform);
    const scheme = schemeOf(platform);
    const byKey = new Map<string, Finding>();
    const clears: ClearVote[] = [];
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
      if (binary.length + source.length > 0) {
        clears.push(...clearVotes(asset, pkg, stream, scheme, module));
      }
    }
    return consolidate([...byKey.values()], opts.compareFor(scheme), clears);
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
    assess: (platform) => assess(platform, (stream) => index.streams.has(stream)),
    get cacheSize() {
      return cache.size;
    },
    diagnostics,
  };
}

/** A rule's verdict on one version; `reason` is set for `unverifiable`. */
interface Judged {
  readonly status: FindingStatus;
  readonly reason?: string;
}

/**
 * Whether `version` is affected by `rule`; the status it yields, or null. A comparison that
 * fails (either side unparsable) fails closed: `unverifiable`, with the comparator's reason.
 */
function judge(compare: Compare, version: string, arch: string, rule: PackageRule): Judged | null {
  const e = rule.entry;
  if (e.status === 'not-affected') return null;
  if (e.arch && e.arch.length > 0 && !e.arch.includes(arch)) return null;
  try {
    if (e.introduced !== undefined && compare(version, e.introduced) < 0) return null;
    if (e.status === 'fixed') {
      if (e.fixed === undefined) return null;
      return compare(version, e.fixed) < 0 ? { status: FindingStatus.Open } : null;
    }
  } catch (err) {
    return {
      status: FindingStatus.Unverifiable,
      reason: `cannot compare: ${(err as Error).message}`,
    };
  }
  return {
    status: e.status === 'will-not-fix' ? FindingStatus.WillNotFix : FindingStatus.NoFixYet,
  };
}

interface ClearRule {
  readonly rule: PackageRule;
  readonly verdict: ClearVerdict;
}

/**
 * Whether `rule` judges `version` clear: `not-affected`, or `fixed` at or before it. A rule for
 * another arch, one the version predates (`introduced`), or a comparison that fails says
 * nothing either way.
 */
function clearOf(
  compare: Compare,
  version: string,
  arch: string,
  rule: PackageRule,
): ClearVerdict | null {
  const e = rule.entry;
  if (e.arch && e.arch.length > 0 && !e.arch.includes(arch)) return null;
  if (e.status === 'not-affected') return 'not-affected';
  if (e.status !== 'fixed' || e.fixed === undefined) return null;
  try {
    if (e.introduced !== undefined && compare(version, e.introduced) < 0) return null;
    return compare(version, e.fixed) >= 0 ? 'fixed' : null;
  } catch {
    return null;
  }
}

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
    const f = toFinding(asset, pkg, rule.entry, rule, status, kind, scheme);
    into.set(key, reason === undefined ? f : { ...f, reason });
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
