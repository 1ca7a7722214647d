import type { AffectedPackage, AffectedProduct, Advisory } from '../domain/advisory.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { streamOfText } from './stream.js';

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
 * by platform stream (the OS build). Build once per advisory set; evaluation only does map look-ups into it.
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
  for (const advisory of advisories) {
    advisoryCount++;
    for (const entry of advisory.affected) {
      const stream = streamOfText(entry.platform);
      if (stream !== null) streams.add(stream);
      if (entry.kind === 'kb') {
        if (entry.kb) addEdges(supersedes, entry.kb, entry.supersedes ?? []);
        if (stream === null) unmappedProducts++;
        else push(products, stream, { advisory, entry });
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
  return { packages, products, supersedes, advisoryCount, streams, diagnostics };
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
