import { badVersion } from '../versions.js';
import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { issue, type AdapterOutput, type InventoryAdapter, type ParseContext } from '../types.js';
import { keyMissingFromLast, cutOffError, cutOffLine, endsWithBlankLine, lines } from '../text.js';
import { inferAlpinePlatform } from './platform.js';

/** apk versions: `1.36.0-r9`, `9.5_p2-r0`, `20230506-r0`; a loose check of the character set. */
const versionChars = /^[A-Za-z0-9._+~-]+$/;

interface ApkRecord {
  readonly line: number;
  readonly fields: Map<string, string>;
  malformed?: number;
}

/**
 * Alpine installed database (`/lib/apk/db/installed`, apk-tools' `apk_db_index_read` format):
 * blank-line-separated records of `X:value` lines. Reads `P:` name, `V:` version, `A:` arch and
 * `o:` origin (the source package; it shares the binary's version). See readme.md.
 */
export const apkAdapter: InventoryAdapter = {
  id: 'apk',
  displayName: 'Alpine apk installed database',
  urls: ['https://wiki.alpinelinux.org/wiki/Apk_spec#Installed_Database_V2'],
  capabilities: { sourcePackages: true, statesPlatform: false, windows: false, scheme: 'apk' },
  sniff,
  parse,
};

function sniff(text: string): number {
  const head = text.slice(0, 4096);
  if (!/^P:\S/m.test(head) || !/^V:\S/m.test(head)) return 0;
  return /^C:Q1/m.test(head) || /^A:\S/m.test(head) ? 0.95 : 0.6;
}

function readRecords(all: readonly string[]): ApkRecord[] {
  const out: ApkRecord[] = [];
  let cur: ApkRecord | undefined;
  let n = 0;
  for (const line of all) {
    n++;
    if (line.trim() === '') {
      cur = undefined;
      continue;
    }
    if (!cur) {
      cur = { line: n, fields: new Map() };
      out.push(cur);
    }
    if (line.length < 2 || line[1] !== ':' || line[0] === ' ') {
      cur.malformed ??= n;
      continue;
    }
    const key = line[0]!;
    // F:/R:/Z: repeat per file; only the first of each single-valued key matters.
    if (!cur.fields.has(key)) cur.fields.set(key, line.slice(2));
  }
  return out;
}

function parse(text: string, ctx: ParseContext): Parsed<AdapterOutput> {
  const diagnostics: Diagnostic[] = [];
  const packages: InstalledPackage[] = [];
  const records = readRecords(lines(text));
  const last = records[records.length - 1];
  const cutLine = cutOffLine(text);
  if (cutLine !== undefined) throw cutOffError(ctx.file, cutLine, last?.fields.get('P'));
  const open = !endsWithBlankLine(text);
  if (open && last && keyMissingFromLast(records.map((r) => ({ keys: r.fields.keys() })))) {
    throw cutOffError(ctx.file, last.line, last.fields.get('P'));
  }
  for (const r of records) {
    const before = diagnostics.length;
    const pkg = toPackage(r, ctx, diagnostics);
    if (pkg) packages.push(pkg);
    // A last record missing a line every record has, with no blank line after it, was cut.
    if (r === last && open && diagnostics.length > before) {
      const why = diagnostics[before]!;
      throw cutOffError(ctx.file, why.location.line ?? r.line, why.location.record);
    }
  }
  const platform = inferAlpinePlatform(packages);
  return { value: { packages, ...(platform ? { platform } : {}) }, diagnostics };
}

function toPackage(r: ApkRecord, ctx: ParseContext, out: Diagnostic[]): InstalledPackage | null {
  const name = r.fields.get('P')?.trim();
  if (r.malformed !== undefined) {
    out.push(issue(ctx, r.malformed, 'not an "X:value" line', name));
    return null;
  }
  if (!name) {
    out.push(issue(ctx, r.line, 'record without a P: (package name) line'));
    return null;
  }
  const version = r.fields.get('V')?.trim();
  if (!version || !versionChars.test(version)) {
    const why = version ? `invalid V: "${version.slice(0, 40)}"` : 'no V: (version) line';
    out.push(issue(ctx, r.line, `package ${name}: ${why}`, name));
    return null;
  }
  const arch = r.fields.get('A')?.trim();
  if (!arch) {
    out.push(issue(ctx, r.line, `package ${name} has no A: (architecture) line`, name));
    return null;
  }
  const sourceName = r.fields.get('o')?.trim() || name;
  const pkg = { name, version, arch, sourceName, sourceVersion: version };
  const bad = badVersion('apk', pkg);
  if (bad) {
    out.push(issue(ctx, r.line, bad, name));
    return null;
  }
  return pkg;
}
