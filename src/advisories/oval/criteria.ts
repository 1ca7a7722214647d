import type { XmlElement } from '../common/xml.js';
import type { OvalIndex, OvalState, OvalTest } from './model.js';

/** What one package check of a definition says, after the criteria around it are read. */
export interface PackageCheck {
  readonly platform?: string;
  /** `name:stream` from a sibling "Module … is enabled" criterion (Red Hat). */
  readonly module?: string;
  readonly name: string;
  /**
   * `fixed`: the package is affected below `fixed`; `unfixed`: the package being installed is
   * enough; `not-affected`: the check can never be true ("installed AND not installed",
   * "earlier than 0").
   */
  readonly verdict: 'fixed' | 'unfixed' | 'not-affected';
  readonly fixed?: string;
  readonly arch?: readonly string[];
  /** The criterion comment, for vendor status words. */
  readonly comment: string;
  readonly testRef: string;
  /** The state holding `fixed`, with its line, for diagnostics. */
  readonly state?: { readonly id: string; readonly line?: number };
}

/** Reads the platform out of a criterion / test comment, per vendor. */
export type PlatformOfTest = (comment: string) => string | undefined;

interface Context {
  readonly platform?: string;
  readonly module?: string;
}

type Resolved =
  | { readonly kind: 'platform'; readonly platform: string }
  | { readonly kind: 'module'; readonly module: string }
  | { readonly kind: 'package'; readonly facts: readonly Fact[] }
  | { readonly kind: 'other' };

interface Fact {
  readonly name: string;
  readonly how: 'less-than' | 'installed' | 'absent' | 'never';
  readonly fixed?: string;
  readonly arch?: readonly string[];
  readonly comment: string;
  readonly testRef: string;
  readonly state?: { readonly id: string; readonly line?: number };
}

const modulePattern = /^Module (\S+:\S+) is enabled$/;
const packageTests = new Set(['rpminfo_test', 'dpkginfo_test', 'textfilecontent54_test']);

/**
 * Walks a definition's criteria tree (OVAL 5.11.2 §4.2 CriteriaType) and returns its package
 * checks. Platform and module criteria of an AND apply to everything under it; inside one AND
 * the checks on one package are combined ("is installed" AND "is not installed" is never true).
 * Negated branches are not read: they cannot be expressed as affected packages.
 */
export function packageChecks(
  criteria: XmlElement,
  index: OvalIndex,
  platformOf: PlatformOfTest,
  base: Context,
): PackageCheck[] {
  const out: PackageCheck[] = [];
  walk(criteria, base, index, platformOf, out, 0);
  return out;
}

function walk(
  node: XmlElement,
  ctx: Context,
  index: OvalIndex,
  platformOf: PlatformOfTest,
  out: PackageCheck[],
  depth: number,
): void {
  if (depth > 50 || node.attrs['negate'] === 'true') return;
  const and = (node.attrs['operator'] ?? 'AND').toUpperCase() === 'AND';
  const leaves = node.children
    .filter((c) => c.name === 'criterion' && c.attrs['negate'] !== 'true')
    .map((c) => resolve(c, index, platformOf));
  let here = ctx;
  if (and) {
    for (const r of leaves) {
      if (r.kind === 'platform') here = { ...here, platform: r.platform };
      if (r.kind === 'module') here = { ...here, module: r.module };
    }
  }
  const facts = leaves.flatMap((r) => (r.kind === 'package' ? r.facts : []));
  const groups = and ? mergeByName(facts) : facts.map((f) => [f]);
  for (const group of groups) {
    const check = toCheck(group, here);
    if (check) out.push(check);
  }
  for (const c of node.children) {
    if (c.name === 'criteria') walk(c, here, index, platformOf, out, depth + 1);
  }
}

function mergeByName(facts: readonly Fact[]): Fact[][] {
  const by = new Map<string, Fact[]>();
  for (const f of facts) by.set(f.name, [...(by.get(f.name) ?? []), f]);
  return [...by.values()];
}

function toCheck(group: readonly Fact[], ctx: Context): PackageCheck | undefined {
  const first = group[0];
  if (!first) return undefined;
  const never = group.find((f) => f.how === 'absent' || f.how === 'never');
  const less = group.find((f) => f.how === 'less-than');
  const lead = never ?? less ?? first;
  const verdict = never ? 'not-affected' : less ? 'fixed' : 'unfixed';
  return {
    ...(ctx.platform ? { platform: ctx.platform } : {}),
    ...(ctx.module ? { module: ctx.module } : {}),
    name: first.name,
    verdict,
    ...(verdict === 'fixed' && less?.fixed ? { fixed: less.fixed } : {}),
    ...(lead.arch ? { arch: lead.arch } : {}),
    comment: lead.comment,
    testRef: lead.testRef,
    ...(verdict === 'fixed' && less?.state ? { state: less.state } : {}),
  };
}

function resolve(criterion: XmlElement, index: OvalIndex, platformOf: PlatformOfTest): Resolved {
  const ref = criterion.attrs['test_ref'] ?? '';
  const comment = criterion.attrs['comment'] ?? '';
  const test = index.tests.get(ref);
  const module = modulePattern.exec(comment.trim())?.[1];
  if (module) return { kind: 'module', module };
  const platform = platformOf(comment) ?? (test ? platformOf(test.comment) : undefined);
  if (platform) return { kind: 'platform', platform };
  if (!test || !packageTests.has(test.kind)) return { kind: 'other' };
  return packageFacts(test, comment, index);
}

function packageFacts(test: OvalTest, comment: string, index: OvalIndex): Resolved {
  const object = test.objectRef ? index.objects.get(test.objectRef) : undefined;
  if (!object) return { kind: 'other' };
  if (test.kind === 'textfilecontent54_test' && object.filename !== 'manifest') {
    return { kind: 'other' };
  }
  const names = object.name
    ? [object.name]
    : (index.variables.get(object.varRef ?? '') ?? []).map(packageNameOf);
  const states = test.stateRefs.map((r) => index.states.get(r));
  if (states.some((s) => s === undefined || s.signatureOnly)) return { kind: 'other' };
  const versioned = states.find((s) => s?.version);
  const version = versioned?.version;
  const archText = states.find((s) => s?.arch)?.arch;
  const arch = archText && /^[\w|]+$/.test(archText) ? archText.split('|') : undefined;
  let how: Fact['how'];
  let fixed: string | undefined;
  if (version) {
    if (version.operation !== 'less than') return { kind: 'other' };
    fixed = withoutZeroEpoch(version.value);
    how = fixed === '0' || fixed === '' ? 'never' : 'less-than';
  } else {
    how = test.checkExistence === 'none_exist' ? 'absent' : 'installed';
  }
  const facts = names
    .filter((n): n is string => n !== undefined && n.length > 0)
    .map((name) => ({
      name,
      how,
      ...(fixed && how === 'less-than' ? { fixed } : {}),
      ...(versioned ? { state: stateOf(versioned) } : {}),
      ...(arch ? { arch } : {}),
      comment,
      testRef: test.id,
    }));
  return facts.length > 0 ? { kind: 'package', facts } : { kind: 'other' };
}

function stateOf(s: OvalState): { id: string; line?: number } {
  return { id: s.id, ...(s.line === undefined ? {} : { line: s.line }) };
}

/**
 * A binary name from Ubuntu's manifest pattern `^libssh-4(?::\w+|)\s+(.*)$`, with regex escapes
 * (`libstdc\+\+6`) undone; a plain name (a dpkginfo variable) is returned as is.
 */
export function packageNameOf(value: string): string | undefined {
  const m = /^\^(.+?)\(\?::\\w\+\|\)\\s\+\(\.\*\)\$$/.exec(value);
  const raw = m ? m[1]! : value;
  const name = raw.replace(/\\(.)/g, '$1');
  return /^[a-z0-9][a-z0-9+._~-]*$/i.test(name) ? name : undefined;
}

/** `0:1.2-3` → `1.2-3`: epoch 0 is the default in both rpm and dpkg ordering. */
export function withoutZeroEpoch(evr: string): string {
  return evr.trim().replace(/^0+:/, '');
}
