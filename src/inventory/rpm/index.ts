import { badVersion } from '../versions.js';
import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { issue, type AdapterOutput, type InventoryAdapter, type ParseContext } from '../types.js';
import { cutOffError, cutOffLine, lines, parseJson } from '../text.js';
import { inferRpmPlatform } from './platform.js';
import { fromNvra, looksLikeNvra } from './nvra.js';
import { RpmJsonEntry } from './schema.js';
import { rpmPackage } from './package.js';
import { evr } from './srpm.js';

/**
 * The queryformat Patchline collects with (7 tab-separated columns); EPOCHNUM prints 0 when
 * there is no epoch, SOURCERPM `(none)` for gpg-pubkey, MODULARITYLABEL `(none)` for a package
 * outside a module stream. Files of the older 6-column form (no label) still parse.
 */
export const rpmQueryFormat =
  '%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{MODULARITYLABEL}\\n';

const label = /^[A-Za-z0-9._+~^]+$/;
const evrPattern = /^(?:(\d+):)?([A-Za-z0-9._+~^]+)-([A-Za-z0-9._+~^]+)$/;

/**
 * `rpm -qa` output: the 7-column TSV of {@link rpmQueryFormat} (or its older 6 columns), the 3-column
 * `NAME\t[EPOCH:]VERSION-RELEASE\tSIZE` TSV, plain `NAME-VERSION-RELEASE.ARCH` lines, or a JSON list of
 * `{ name, version, release, epoch?, size, arch, modularityLabel? }`. gpg-pubkey entries are dropped.
 */
export const rpmAdapter: InventoryAdapter = {
  id: 'rpm',
  displayName: 'rpm -qa query output (TSV or JSON)',
  urls: ['https://rpm-software-management.github.io/rpm/man/rpm.8.html'],
  capabilities: { sourcePackages: true, statesPlatform: false, windows: false, scheme: 'rpm' },
  sniff,
  parse,
};

function sniff(text: string): number {
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith('[')) return /"release"\s*:/.test(head) && /"name"\s*:/.test(head) ? 0.9 : 0;
  const first = head.slice(0, Math.max(0, head.indexOf('\n'))) || head;
  const cols = first.replace(/\r$/, '').split('\t');
  if (
    (cols.length === 6 || cols.length === 7) &&
    /^\d+$/.test(cols[1]!) &&
    /(?:rpm|\(none\))$/.test(cols[5]!)
  ) {
    return 0.95;
  }
  if (cols.length === 3 && evrPattern.test(cols[1]!) && /^\d+$/.test(cols[2]!)) return 0.85;
  return cols.length === 1 && looksLikeNvra(first) ? 0.6 : 0;
}

function parse(text: string, ctx: ParseContext): Parsed<AdapterOutput> {
  const diagnostics: Diagnostic[] = [];
  const packages = text.trimStart().startsWith('[')
    ? parseJsonList(text, ctx, diagnostics)
    : parseTsv(text, ctx, diagnostics);
  const platform = inferRpmPlatform(packages);
  return { value: { packages, ...(platform ? { platform } : {}) }, diagnostics };
}

function parseTsv(text: string, ctx: ParseContext, out: Diagnostic[]): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  const cutLine = cutOffLine(text);
  let nvraRows = 0;
  let n = 0;
  for (const line of lines(text)) {
    n++;
    if (line.trim() === '') continue;
    if (n === cutLine) throw cutOffError(ctx.file, n, line.split('\t')[0] || undefined);
    const cols = line.split('\t');
    const pkg =
      cols.length === 6 || cols.length === 7
        ? fromColumns(cols)
        : cols.length === 1
          ? fromNvra(line)
          : fromThreeColumns(cols);
    if (cols.length === 1 && pkg && typeof pkg !== 'string') nvraRows++;
    const bad = pkg && typeof pkg !== 'string' ? badVersion('rpm', pkg) : null;
    if (typeof pkg === 'string' || bad) {
      out.push(issue(ctx, n, bad ?? (pkg as string), cols[0] || undefined));
      continue;
    }
    if (pkg) packages.push(pkg);
  }
  if (nvraRows > 0) {
    const msg = `${nvraRows} plain "rpm -qa" line(s) carry no epoch; collect with the documented queryformat so epoch-carrying packages compare right`;
    out.push(issue(ctx, undefined, msg, undefined, 'warning'));
  }
  return packages;
}

/**
 * NAME EPOCHNUM VERSION RELEASE ARCH SOURCERPM [MODULARITYLABEL]; returns a reason string when
 * malformed. A label of `(none)` is `''`; without the column the label stays unreported.
 */
function fromColumns(c: readonly string[]): InstalledPackage | string | null {
  const [name, epoch, version, release, arch, srpm, modularity] = c as [
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (name === 'gpg-pubkey') return null;
  if (!/^\S+$/.test(name)) return 'empty or blank package name';
  if (!/^\d+$/.test(epoch)) return `package ${name}: epoch "${epoch.slice(0, 20)}" is not a number`;
  if (!label.test(version) || !label.test(release)) {
    return `package ${name}: invalid version/release "${version.slice(0, 30)}-${release.slice(0, 30)}"`;
  }
  if (!/^\S+$/.test(arch)) return `package ${name}: empty architecture`;
  const modularityLabel = modularity === undefined ? undefined : modularityOf(modularity);
  if (modularityLabel === null) {
    return `package ${name}: modularity label "${modularity!.slice(0, 40)}" has blanks or is empty`;
  }
  return rpmPackage({
    name,
    epoch: Number(epoch),
    version,
    release,
    arch,
    sourceRpm: srpm,
    modularityLabel,
  });
}

/** `(none)` → `''`; a label must have no blanks. Null when it does not fit. */
function modularityOf(text: string): string | null {
  if (text === '(none)') return '';
  return /^\S+$/.test(text) ? text : null;
}

/** NAME [EPOCH:]VERSION-RELEASE SIZE (no arch, no source). */
function fromThreeColumns(c: readonly string[]): InstalledPackage | string | null {
  if (c.length !== 3) return `expected 6, 3 or 1 tab-separated columns, found ${c.length}`;
  const [name, v] = c as [string, string, string];
  if (name === 'gpg-pubkey') return null;
  if (!/^\S+$/.test(name)) return 'empty or blank package name';
  const m = evrPattern.exec(v);
  if (!m) return `package ${name}: "${v.slice(0, 40)}" is not [EPOCH:]VERSION-RELEASE`;
  const version = evr(m[1] ? Number(m[1]) : undefined, m[2]!, m[3]!);
  return { name, version, arch: '', sourceName: name, sourceVersion: version };
}

function parseJsonList(text: string, ctx: ParseContext, out: Diagnostic[]): InstalledPackage[] {
  const data = parseJson(text, ctx.file);
  if (!Array.isArray(data)) {
    throw new AppError(ErrorCode.InventoryInvalid, 'rpm JSON inventory must be a list', {
      location: { file: ctx.file, pointer: '' },
    });
  }
  const packages: InstalledPackage[] = [];
  for (const [i, raw] of data.entries()) {
    const r = RpmJsonEntry.safeParse(raw);
    if (!r.success) {
      const first = r.error.issues[0];
      const path = first ? `/${first.path.join('/')}` : '';
      const location = { file: ctx.file, pointer: `/${i}${path === '/' ? '' : path}` };
      out.push({ severity: 'error', message: first?.message ?? 'invalid entry', location });
      continue;
    }
    const e = r.data;
    if (e.name === 'gpg-pubkey') continue;
    const version = evr(e.epoch, e.version, e.release);
    const modularity =
      e.modularityLabel === undefined
        ? {}
        : { modularityLabel: modularityOf(e.modularityLabel) ?? '' };
    const pkg = {
      name: e.name,
      version,
      arch: e.arch ?? '',
      sourceName: e.name,
      sourceVersion: version,
      ...modularity,
    };
    const bad = badVersion('rpm', pkg);
    if (bad) {
      out.push({ severity: 'error', message: bad, location: { file: ctx.file, pointer: `/${i}` } });
      continue;
    }
    packages.push(pkg);
  }
  return packages;
}
