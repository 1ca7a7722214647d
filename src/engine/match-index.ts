import type { AffectedPackage, AffectedProduct, Advisory } from '../domain/advisory.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { parseWindowsRelease, isCompleteIdentity } from '../domain/windows-identity.js';
import { coverageKeys, streamOfText } from './stream.js';

/** An affected package entry with the advisory it belongs to. */
export interface PackageRule {
  readonly advisory: Advisory;
  readonly entry: AffectedPackage;
}

/** An affected Windows product with the advisory it belongs to. */
export interface ProductRule {
  readonly advisory: Advisory;
  readonly entry: AffectedProduct;
}

/**
 * Advisories indexed for matching: package rules by (stream, package kind, name), Windows rules
 * by product identity stream (`windows:10.0.17763:server:x64:core`) and again by build alone
 * (`windows:10.0.17763`), the candidates for a host that does not state its product. Build once
 * per advisory set; evaluation only does map look-ups into it.
 */
export interface MatchIndex {
  readonly packages: ReadonlyMap<string, readonly PackageRule[]>;
  readonly products: ReadonlyMap<string, readonly ProductRule[]>;
  /** KB → the KBs it supersedes, over all advisories (direct edges). */
  readonly supersedes: ReadonlyMap<string, ReadonlySet<string>>;
  readonly advisoryCount: number;
  /** Platform streams with at least one entry (any status): the streams the advisories cover. */
  readonly streams: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

export function packageKey(stream: string, kind: 'source' | 'binary', name: string): string {
  return `${stream}\u0000${kind}\u0000${name}`;
}

export function buildMatchIndex(advisories: Iterable<Advisory>): MatchIndex {
  const packages = new Map<string, PackageRule[]>();
  const products = new Map<string, ProductRule[]>();
  const supersedes = new Map<string, Set<string>>();
  const diagnostics: Diagnostic[] = [];
  const streams = new Set<string>();
  let advisoryCount = 0;
  let unmappedProducts = 0;
  let buildOnlyProducts = 0;
  for (const advisory of advisories) {
    advisoryCount++;
    for (const entry of advisory.affected) {
      const stream = streamOfText(entry.platform);
      if (stream !== null) for (const k of coverageKeys(stream)) streams.add(k);
      if (entry.kind === 'kb') {
        if (entry.kb) addEdges(supersedes, entry.kb, entry.supersedes ?? []);
        if (stream === null) {
          unmappedProducts++;
          continue;
        }
        const rule = { advisory, entry };
        const build = windowsBuildStream(stream);
        if (build === null) buildOnlyProducts++;
        else push(products, build, rule);
        push(products, stream, rule);
        continue;
      }
      if (stream === null) {
        diagnostics.push({
          severity: 'warning',
          message: `unknown platform "${entry.platform}"; entry ignored`,
          location: { record: `${advisory.id}/${entry.package}` },
        });
        continue;
      }
      push(packages, packageKey(stream, entry.packageKind, entry.package), { advisory, entry });
    }
  }
  if (unmappedProducts > 0) {
    diagnostics.push({
      severity: 'warning',
      message: `${unmappedProducts} Windows product entries name no known build and cannot match a host`,
      location: {},
    });
  }
  if (buildOnlyProducts > 0) {
    diagnostics.push({
      severity: 'warning',
      message: `${buildOnlyProducts} Windows product entries name a build but not the edition and architecture (stored by an older import?); they match no host that states its product: import the MSRC documents again`,
      location: {},
    });
  }
  return { packages, products, supersedes, advisoryCount, streams, diagnostics };
}

/**
 * `windows:<build>` for a complete Windows identity stream; null for a build-only stream
 * (already its own bucket).
 */
function windowsBuildStream(stream: string): string | null {
  const id = parseWindowsRelease(stream.slice('windows:'.length));
  if ('error' in id || !isCompleteIdentity(id)) return null;
  return `windows:${id.build}`;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function addEdges(m: Map<string, Set<string>>, kb: string, olds: readonly string[]): void {
  let set = m.get(kb);
  if (!set) {
    set = new Set();
    m.set(kb, set);
  }
  for (const o of olds) if (o !== kb) set.add(o);
}
