import { AffectedStatus, Classification, Severity } from '../../domain/index.js';
import type { Advisory } from '../../domain/index.js';
import {
  decodeText,
  diagnosticSink,
  invalidDocument,
  type DiagnosticSink,
} from '../common/document.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';

export const dssSourceId = 'debian-security-support';

/** Every notice is rated this; upstream rates nothing (readme.md). */
export const dssSeverity = Severity.Medium;

/**
 * The release the `security-support-limited` list applies to: upstream keeps one list per
 * suite branch, and the list read here is the one shipped by the bookworm package (1:12+…).
 */
export const limitedRelease = '12';

const maxLines = 100_000;
const maxLineLength = 4096;
const namePattern = /^[a-z0-9][a-z0-9+.-]*$/;
const regexChars = /[*?[\]()|\\^$]/;

type Kind = { readonly list: 'ended'; readonly release: string } | { readonly list: 'limited' };

/**
 * Reads the `debian-security-support` lists (salsa.debian.org/debian/debian-security-support):
 * `security-support-ended.debN` (source package, last supported version, end date YYYY-mm-dd,
 * optional details) and `security-support-limited` (source package, details), columns separated
 * by runs of blanks, `#` comments. Each entry becomes one will-not-fix Advisory on the source
 * package; `published` carries the end date, which the app layer compares with its clock
 * (`app/security-support.ts`). Package-name patterns (`php-horde.*`) are reported and skipped:
 * the engine matches exact names.
 */
export function parseDebianSecuritySupport(raw: RawAdvisoryInput): ParseOutcome {
  const text = decodeText(raw.bytes, raw.name);
  const kind = kindOf(raw.name, text);
  const lines = text.split(/\r?\n/);
  if (lines.length > maxLines) {
    throw invalidDocument(raw.name, `has more than ${maxLines} lines`);
  }
  const sink = diagnosticSink(dssSourceId, raw.name);
  const advisories: Advisory[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const a = readLine(line, i + 1, kind, sink);
    if (!a) return;
    if (seen.has(a.id)) {
      sink.warn(
        `duplicate entry for ${a.affected[0]?.kind === 'package' ? a.affected[0].package : a.id} skipped`,
        { line: i + 1, record: a.id },
      );
      return;
    }
    seen.add(a.id);
    advisories.push(a);
  });
  return { advisories, diagnostics: sink.diagnostics };
}

/** The list a file is, from its name (`security-support-ended.deb12`) or its header comment. */
function kindOf(name: string, text: string): Kind {
  const ended = /security-support-ended\.deb(\d{1,3})(?:$|[^0-9])/.exec(name);
  if (ended?.[1]) return { list: 'ended', release: String(Number(ended[1])) };
  if (/security-support-limited/.test(name)) return { list: 'limited' };
  const head = text.slice(0, 4096);
  if (/^# List of packages where security support is limited/m.test(head)) {
    return { list: 'limited' };
  }
  if (/^# List of packages whose security support ends before/m.test(head)) {
    throw invalidDocument(
      name,
      'is a security-support-ended list, but its name does not say the release (keep it as security-support-ended.debN)',
    );
  }
  throw invalidDocument(name, 'is not a debian-security-support list');
}

function readLine(line: string, n: number, kind: Kind, sink: DiagnosticSink): Advisory | null {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  if (line.length > maxLineLength) {
    sink.error(`line longer than ${maxLineLength} characters skipped`, { line: n });
    return null;
  }
  const fields = trimmed.split(/\s+/);
  const pkg = fields[0] ?? '';
  if (!namePattern.test(pkg)) {
    if (regexChars.test(pkg) && isRegex(pkg)) {
      sink.warn(`package pattern "${pkg}" skipped: only exact source package names are matched`, {
        line: n,
        record: pkg,
      });
    } else {
      sink.error(`invalid source package name "${pkg}" skipped`, { line: n, record: pkg });
    }
    return null;
  }
  if (kind.list === 'limited') {
    return limited(pkg, rest(trimmed, 1));
  }
  const [, version = '', date = ''] = fields;
  if (!/^[0-9][A-Za-z0-9.+~:-]*$/.test(version)) {
    sink.error(`${pkg}: invalid last supported version "${version}" skipped`, {
      line: n,
      record: pkg,
    });
    return null;
  }
  if (!isDate(date)) {
    sink.error(`${pkg}: invalid end date "${date}" (want YYYY-mm-dd) skipped`, {
      line: n,
      record: pkg,
    });
    return null;
  }
  return ended(kind.release, pkg, version, date, rest(trimmed, 3));
}

function ended(
  release: string,
  pkg: string,
  version: string,
  date: string,
  details: string,
): Advisory {
  const lastSupported = version === '0' ? '' : ` (last supported version ${version})`;
  return {
    id: `DSS-debian-${release}-${pkg}`,
    source: dssSourceId,
    title: `${pkg}: security support ended ${date}${lastSupported}${details ? `: ${details}` : ''}`,
    published: date,
    severity: dssSeverity,
    cves: [],
    classification: Classification.Security,
    affected: [affectedOn(release, pkg)],
    ...references(details),
  };
}

function limited(pkg: string, details: string): Advisory {
  return {
    id: `DSS-limited-debian-${limitedRelease}-${pkg}`,
    source: dssSourceId,
    title: `${pkg}: limited security support${details ? `: ${details}` : ''}`,
    severity: dssSeverity,
    cves: [],
    classification: Classification.Security,
    affected: [affectedOn(limitedRelease, pkg)],
    ...references(details),
  };
}

function affectedOn(release: string, pkg: string) {
  return {
    kind: 'package',
    platform: `debian:${release}`,
    package: pkg,
    packageKind: 'source',
    status: AffectedStatus.WillNotFix,
  } as const;
}

function references(details: string): { references?: string[] } {
  const urls = [...new Set(details.match(/https?:\/\/[^\s,;)]+/g) ?? [])];
  return urls.length > 0 ? { references: urls } : {};
}

/** The text after the first `count` blank-separated fields. */
function rest(line: string, count: number): string {
  const m = new RegExp(`^(?:\\S+\\s+){${count}}(.*)$`).exec(line);
  return m?.[1]?.trim() ?? '';
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

function isRegex(s: string): boolean {
  try {
    new RegExp(`^(?:${s})$`);
    return true;
  } catch {
    return false;
  }
}
