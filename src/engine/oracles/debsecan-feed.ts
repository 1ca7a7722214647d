import { deflateSync } from 'node:zlib';
import type { Advisory, AffectedPackage, Severity } from '../../domain/advisory.js';
import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import { streamOfText } from '../stream.js';

/** Options for {@link renderDebsecanFeed}. */
export interface DebsecanFeedOptions {
  /** The release the feed describes (`debian:12`); entries of other streams are left out. */
  readonly platform: string;
  /**
   * Source package → binary packages, written as the feed's third section. debsecan only uses
   * it to flag "obsolete" binaries; omit it to write an empty section.
   */
  readonly binariesOf?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The names under which an advisory appears in a debsecan feed and in the comparison with the
 * engine: its CVEs, or its own id when it lists none (debsecan accepts any vulnerability name).
 */
export function vulnerabilityNames(advisory: Advisory): readonly string[] {
  return advisory.cves.length > 0 ? advisory.cves : [advisory.id];
}

const urgency: Record<Severity, string> = {
  critical: 'H',
  high: 'H',
  medium: 'M',
  low: 'L',
  none: ' ',
};

/**
 * Renders advisories as debsecan's feed, format `VERSION 1` (the text debsecan 0.4 downloads
 * from security-tracker.debian.org/tracker/debsecan/release/1/<suite>, read by its
 * `fetch_data`): three sections separated by a blank line —
 *   1. `name,,description` per vulnerability; a line's position is its number;
 *   2. `package,number,flags,fixed_version,other_versions` where flags are four characters:
 *      `S`ource/`B`inary, urgency ` `/`L`/`M`/`H`, remote ` `/`R`/`?`, ` `/`F` (fix available);
 *   3. `source,binary binary …`.
 * debsecan reports a source line when the installed source version is below `fixed_version`
 * (always when it is empty) and a `B` line against the binary version, like the engine.
 * Entries it cannot express (an `introduced` lower bound, an architecture restriction) are
 * skipped with a diagnostic, and given `binariesOf`, binary entries debsecan would never consult
 * are reported too, so callers can tell when the two would disagree.
 */
export function renderDebsecanFeed(
  advisories: Iterable<Advisory>,
  opts: DebsecanFeedOptions,
): Parsed<string> {
  const stream = streamOfText(opts.platform);
  const diagnostics: Diagnostic[] = [];
  const names = new Map<string, number>();
  const nameLines: string[] = [];
  const vulnLines = new Set<string>();
  const keys = { source: new Set<string>(), binary: new Map<string, string>() };
  for (const advisory of advisories) {
    for (const entry of advisory.affected) {
      if (entry.kind !== 'package' || streamOfText(entry.platform) !== stream) continue;
      const problem = unsupported(entry);
      if (problem) {
        diagnostics.push({
          severity: 'warning',
          message: `${problem}; debsecan cannot express it, entry left out`,
          location: { record: `${advisory.id}/${entry.package}` },
        });
        continue;
      }
      if (entry.status === 'not-affected') continue;
      for (const name of vulnerabilityNames(advisory)) {
        let n = names.get(name);
        if (n === undefined) {
          n = nameLines.length;
          names.set(name, n);
          nameLines.push(`${name},,${oneLine(advisory.title ?? advisory.id)}`);
        }
        vulnLines.add(vulnerabilityLine(entry, n, urgency[advisory.severity]));
      }
      if (entry.packageKind === 'source') keys.source.add(entry.package);
      else keys.binary.set(entry.package, advisory.id);
    }
  }
  if (opts.binariesOf) diagnostics.push(...shadowed(keys.source, keys.binary, opts.binariesOf));
  const sources = [...(opts.binariesOf ?? new Map<string, readonly string[]>())]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([src, bins]) => `${src},${bins.join(' ')}`);
  const text = ['VERSION 1', ...nameLines, '', ...vulnLines, '', ...sources, '', ''].join('\n');
  return { value: text, diagnostics };
}

/** The feed as debsecan downloads it: zlib-compressed (RFC 1950), read with `zlib.decompress`. */
export function compressDebsecanFeed(text: string): Uint8Array {
  return deflateSync(Buffer.from(text, 'utf8'));
}

/**
 * Reads `debsecan --format simple` output (`NAME PACKAGE` per line) into `package\tname`
 * pairs, the same keys {@link findingPairs} makes from engine findings.
 */
export function parseDebsecanSimple(stdout: string): Set<string> {
  const out = new Set<string>();
  for (const line of stdout.split('\n')) {
    const [name, pkg] = line.trim().split(/\s+/);
    if (name && pkg) out.add(`${pkg}\t${name}`);
  }
  return out;
}

/** `package\tname` for each (binary package, vulnerability name) the findings cover. */
export function findingPairs(
  findings: Iterable<{
    readonly package: string;
    readonly cves: readonly string[];
    readonly advisory: string;
  }>,
): Set<string> {
  const out = new Set<string>();
  for (const f of findings) {
    const names = f.cves.length > 0 ? f.cves : [f.advisory];
    for (const name of names) out.add(`${f.package}\t${name}`);
  }
  return out;
}

/**
 * Two debsecan lookups that make a `B` line mean something else than in the engine: a package
 * is looked up under its source name, and under the binary name only when the source has no
 * line at all, so a `B` line for a binary whose differently named source has lines is never
 * read; and a `B` line is also tested as a source line (source version) for every other binary
 * of a source that has the same name.
 */
function shadowed(
  sources: ReadonlySet<string>,
  binaries: ReadonlyMap<string, string>,
  binariesOf: ReadonlyMap<string, readonly string[]>,
): Diagnostic[] {
  const sourceOf = new Map<string, string>();
  for (const [src, bins] of binariesOf) for (const bin of bins) sourceOf.set(bin, src);
  const out: Diagnostic[] = [];
  for (const [bin, advisory] of binaries) {
    const src = sourceOf.get(bin);
    const others = (binariesOf.get(bin) ?? []).filter((b) => b !== bin);
    let message: string | undefined;
    if (src !== undefined && src !== bin && sources.has(src)) {
      message = `binary ${bin} is looked up under its source ${src}, which has lines; debsecan never reads this entry`;
    } else if (others.length > 0) {
      message = `binary ${bin} is also a source name; debsecan applies the entry to ${others.join(', ')} by source version`;
    }
    if (message) {
      out.push({ severity: 'warning', message, location: { record: `${advisory}/${bin}` } });
    }
  }
  return out;
}

function unsupported(entry: AffectedPackage): string | null {
  if (entry.introduced !== undefined) return `introduced bound ${entry.introduced}`;
  if (entry.arch && entry.arch.length > 0) {
    return `architecture restriction ${entry.arch.join(' ')}`;
  }
  if (entry.status === 'fixed' && entry.fixed === undefined) return 'fixed without a version';
  return null;
}

function vulnerabilityLine(entry: AffectedPackage, n: number, urg: string): string {
  const kind = entry.packageKind === 'binary' ? 'B' : 'S';
  const fixed = entry.status === 'fixed' ? (entry.fixed ?? '') : '';
  const flags = `${kind}${urg}?${fixed ? 'F' : ' '}`;
  return `${entry.package},${n},${flags},${fixed},`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
