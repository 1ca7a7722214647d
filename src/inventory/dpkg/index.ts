import { badVersion } from '../versions.js';
import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { cutOffError, cutOffLine, endsWithBlankLine, keyMissingFromLast } from '../text.js';
import { issue, type AdapterOutput, type InventoryAdapter, type ParseContext } from '../types.js';
import { inferDebianPlatform } from './platform.js';
import { readStanzas, type Stanza } from './stanzas.js';

/** The fields read; the rest of each stanza is skipped unparsed. */
const fields: ReadonlySet<string> = new Set([
  'package',
  'status',
  'version',
  'architecture',
  'source',
]);

/** Characters deb-version(7) allows; a loose check, the dpkg scheme validates fully. */
const versionChars = /^[A-Za-z0-9.+~:-]+$/;

/**
 * dpkg status database (`/var/lib/dpkg/status`, deb822 stanzas, dpkg-query(1) fields).
 * Keeps stanzas whose `Status:` is `<want> ok installed`; `Source: name (version)` gives the
 * source version for binNMUs, bare `Source: name` shares the binary version. See readme.md.
 */
export const dpkgAdapter: InventoryAdapter = {
  id: 'dpkg',
  displayName: 'dpkg status file',
  urls: [
    'https://manpages.debian.org/bookworm/dpkg/dpkg-query.1.en.html',
    'https://manpages.debian.org/bookworm/dpkg-dev/deb822.5.en.html',
  ],
  capabilities: { sourcePackages: true, statesPlatform: false, windows: false, scheme: 'dpkg' },
  sniff,
  parse,
};

function sniff(text: string): number {
  const head = text.slice(0, 4096);
  const hasPackage = /^Package: *\S/m.test(head);
  if (!hasPackage) return 0;
  if (/^Status: *\S+ +\S+ +\S+/m.test(head)) return 0.95;
  return /^Version: *\S/m.test(head) ? 0.5 : 0.2;
}

function parse(text: string, ctx: ParseContext): Parsed<AdapterOutput> {
  const diagnostics: Diagnostic[] = [];
  const packages: InstalledPackage[] = [];
  const stanzas = readStanzas(text, fields);
  const cutLine = cutOffLine(text);
  const last = stanzas[stanzas.length - 1];
  if (cutLine !== undefined) {
    throw cutOffError(ctx.file, cutLine, last?.fields.get('package')?.value);
  }
  const open = !endsWithBlankLine(text);
  if (open && last && keyMissingFromLast(stanzas.map((st) => ({ keys: st.fields.keys() })))) {
    throw cutOffError(ctx.file, last.line, last.fields.get('package')?.value);
  }
  for (const st of stanzas) {
    const before = diagnostics.length;
    const pkg = toPackage(st, ctx, diagnostics);
    if (pkg) packages.push(pkg);
    // A last stanza missing a field every record has, with no blank line after it, was cut.
    if (st === last && open && diagnostics.length > before) {
      const why = diagnostics[before]!;
      throw cutOffError(ctx.file, why.location.line ?? st.line, why.location.record);
    }
  }
  const platform = inferDebianPlatform(packages);
  return { value: { packages, ...(platform ? { platform } : {}) }, diagnostics };
}

function toPackage(st: Stanza, ctx: ParseContext, out: Diagnostic[]): InstalledPackage | null {
  const f = st.fields;
  const name = f.get('package')?.value;
  if (st.malformed) {
    const line = st.malformed.text.slice(0, 40);
    out.push(issue(ctx, st.malformed.line, `not a "Field: value" line: "${line}"`, name));
    return null;
  }
  if (!name) {
    out.push(issue(ctx, st.line, 'stanza without a Package field'));
    return null;
  }
  const status = f.get('status');
  if (!status) {
    out.push(issue(ctx, st.line, `package ${name} has no Status field`, name));
    return null;
  }
  const words = status.value.split(/\s+/);
  if (words[1] !== 'ok' || words[2] !== 'installed') return null;
  const version = f.get('version')?.value;
  if (!version || !versionChars.test(version)) {
    const why = version ? `invalid Version "${version.slice(0, 40)}"` : 'no Version field';
    out.push(issue(ctx, f.get('version')?.line ?? st.line, `package ${name}: ${why}`, name));
    return null;
  }
  const arch = f.get('architecture')?.value;
  if (!arch) {
    out.push(issue(ctx, st.line, `package ${name} has no Architecture field`, name));
    return null;
  }
  const source = parseSource(f.get('source')?.value, name, version);
  const pkg = { name, version, arch, sourceName: source.name, sourceVersion: source.version };
  const bad = badVersion('dpkg', pkg);
  if (bad) {
    out.push(issue(ctx, f.get('version')?.line ?? st.line, bad, name));
    return null;
  }
  return pkg;
}

/** `Source: glibc (2.36-9+deb12u4)` → both; `Source: glibc` → binary version; none → binary. */
export function parseSource(
  value: string | undefined,
  name: string,
  version: string,
): { name: string; version: string } {
  if (!value) return { name, version };
  const open = value.indexOf('(');
  if (open < 0) return { name: value.trim() || name, version };
  const close = value.indexOf(')', open);
  const srcName = value.slice(0, open).trim() || name;
  const srcVersion = value.slice(open + 1, close < 0 ? undefined : close).trim();
  return { name: srcName, version: srcVersion || version };
}
