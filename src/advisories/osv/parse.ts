import { AffectedStatus, Classification } from '../../domain/index.js';
import type { AffectedPackage, Advisory, Cvss, Severity } from '../../domain/index.js';
import { diagnosticSink, invalidDocument, parseJsonDocument, pointer } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import { cvss3FromVector } from '../common/cvss.js';
import { looseItem } from '../common/loose.js';
import { unreadable } from '../common/versions.js';
import {
  cveIds,
  maxSeverity,
  severityFromPriority,
  severityFromRedHat,
  severityFromScore,
  unratedSeverity,
} from '../common/severity.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { ecosystemTarget } from './ecosystem.js';
import { moduleOfFix, moduleOfSummary } from './module.js';
import { OsvAffected, OsvRecord } from './schema.js';
import type { OsvEvent, OsvSeverity } from './schema.js';

const source = 'osv';

/**
 * Parses one OSV record or a JSON array of records (OSV schema 1.x). Each ECOSYSTEM range becomes
 * one affected entry per interval (`introduced` "0" = from the start); Ubuntu's
 * `ecosystem_specific.binaries` add binary-package entries. Unknown ecosystems and non-ECOSYSTEM
 * ranges are reported and skipped.
 */
export function parseOsv(raw: RawAdvisoryInput): ParseOutcome {
  const doc = parseJsonDocument(raw.bytes, raw.name);
  const sink = diagnosticSink(source, raw.name);
  if (Array.isArray(doc)) {
    const advisories: Advisory[] = [];
    for (const [i, item] of doc.entries()) {
      const record = looseItem(OsvRecord, item, [i], sink);
      const advisory = record && toAdvisory(record, [i], sink);
      if (advisory) advisories.push(advisory);
    }
    return { advisories, diagnostics: sink.diagnostics };
  }
  const parsed = OsvRecord.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = pointer((issue?.path ?? []).map(String));
    throw invalidDocument(
      raw.name,
      `is not an OSV record (${at || '/'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  const advisory = toAdvisory(parsed.data, [], sink);
  if (!advisory) {
    throw invalidDocument(raw.name, 'is an OSV record none of whose affected entries can be read');
  }
  return { advisories: [advisory], diagnostics: sink.diagnostics };
}

/** The advisory, or null (rejected, reported) when `affected` lists entries none of which is valid. */
function toAdvisory(record: OsvRecord, path: number[], sink: DiagnosticSink): Advisory | null {
  const affected: AffectedPackage[] = [];
  const cveSeverities: OsvSeverity[] = [];
  const mappedCves: string[] = [];
  const list = record.affected ?? [];
  let valid = 0;
  const summaryModule = moduleOfSummary(record.summary);
  for (const [i, item] of list.entries()) {
    const at = [...path, 'affected', i];
    const a = looseItem(OsvAffected, item, at, sink, () => record.id);
    if (!a) continue;
    valid++;
    affected.push(...affectedEntries(record.id, a, at, sink, summaryModule));
    for (const cve of a.database_specific?.cves_map?.cves ?? []) {
      mappedCves.push(cve.id);
      cveSeverities.push(...(cve.severity ?? []));
    }
  }
  if (list.length > 0 && valid === 0) {
    sink.error('no affected entry has the OSV shape; record rejected', {
      pointer: pointer([...path, 'affected']),
      record: record.id,
    });
    return null;
  }
  const rating = rate(record, [...(record.severity ?? []), ...cveSeverities]);
  return {
    id: record.id,
    source,
    ...(record.summary ? { title: record.summary } : {}),
    ...(record.published ? { published: record.published } : {}),
    ...(record.modified ? { modified: record.modified } : {}),
    ...(rating.vendor ? { vendorSeverity: rating.vendor } : {}),
    severity: rating.severity,
    ...(rating.cvss.length > 0 ? { cvss: rating.cvss } : {}),
    cves: cveIds([
      record.id,
      ...(record.aliases ?? []),
      ...(record.upstream ?? []),
      ...(record.related ?? []),
      ...mappedCves,
    ]),
    classification: classify(record.id),
    affected,
    ...(record.references?.length ? { references: record.references.map((r) => r.url) } : {}),
  };
}

function affectedEntries(
  id: string,
  a: OsvAffected,
  path: (string | number)[],
  sink: DiagnosticSink,
  summaryModule: string | undefined,
): AffectedPackage[] {
  const target = ecosystemTarget(a.package.ecosystem);
  if (!target) {
    sink.warn(`unknown ecosystem "${a.package.ecosystem}" skipped`, {
      pointer: pointer([...path, 'package', 'ecosystem']),
      record: id,
    });
    return [];
  }
  const out: AffectedPackage[] = [];
  for (const [r, range] of (a.ranges ?? []).entries()) {
    const at = pointer([...path, 'ranges', r]);
    if (range.type !== 'ECOSYSTEM') {
      sink.warn(`range type ${range.type} skipped (only ECOSYSTEM ranges are read)`, {
        pointer: at,
        record: id,
      });
      continue;
    }
    // A version the platform's scheme cannot read is a bad record, reported where it is.
    const keep = (e: AffectedPackage, where: string) => {
      const why = unreadable(e);
      if (why === null) out.push(e);
      else sink.error(`${why}; entry skipped`, { pointer: where, record: id });
    };
    for (const interval of intervals(range.events, at, id, sink)) {
      const base = { kind: 'package', platform: target.platform, ...interval } as const;
      const module = moduleOfFix(summaryModule, interval.fixed);
      keep(
        {
          ...base,
          package: a.package.name,
          packageKind: target.packageKind,
          ...(module && { module }),
        },
        `${at}/events`,
      );
      for (const [i, b] of (a.ecosystem_specific?.binaries ?? []).entries()) {
        const fixed = interval.status === AffectedStatus.Fixed ? { fixed: b.binary_version } : {};
        const where = pointer([...path, 'ecosystem_specific', 'binaries', i]);
        keep({ ...base, ...fixed, package: b.binary_name, packageKind: 'binary' }, where);
      }
    }
  }
  return out;
}

interface Interval {
  readonly status: AffectedStatus;
  readonly introduced?: string;
  readonly fixed?: string;
}

/** OSV §"Evaluation": events in order; each `introduced` opens an interval, `fixed` closes it. */
function intervals(
  events: readonly OsvEvent[],
  at: string,
  id: string,
  sink: DiagnosticSink,
): Interval[] {
  const out: Interval[] = [];
  let open: string | undefined;
  for (const e of events) {
    if (e.introduced !== undefined) open = e.introduced;
    if (e.fixed !== undefined && open !== undefined) {
      out.push({ status: AffectedStatus.Fixed, ...introducedOf(open), fixed: e.fixed });
      open = undefined;
    }
    if (e.last_affected !== undefined || e.limit !== undefined) {
      sink.warn('last_affected/limit events are not represented; interval skipped', {
        pointer: at,
        record: id,
      });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ status: AffectedStatus.NoFixYet, ...introducedOf(open) });
  return out;
}

function introducedOf(v: string): { introduced?: string } {
  return v === '0' ? {} : { introduced: v };
}

interface Rating {
  readonly severity: Severity;
  readonly vendor?: string;
  readonly cvss: Cvss[];
}

/** Vendor word first (Ubuntu priority, Red Hat-style summary prefix), else highest CVSS. */
function rate(record: OsvRecord, severities: readonly OsvSeverity[]): Rating {
  const cvss = new Map<string, Cvss>();
  const words: string[] = [];
  for (const s of severities) {
    if (s.type === 'Ubuntu') words.push(s.score);
    const c = s.type.startsWith('CVSS_V3') ? cvss3FromVector(s.score) : undefined;
    if (c) cvss.set(c.vector ?? '', c);
  }
  const prefix = /^(Critical|Important|Moderate|Low):/.exec(record.summary ?? '')?.[1];
  const cvssList = [...cvss.values()];
  const byWord = maxSeverity(words.map(severityFromPriority));
  if (prefix) {
    return {
      severity: severityFromRedHat(prefix) ?? unratedSeverity,
      vendor: prefix,
      cvss: cvssList,
    };
  }
  if (byWord) {
    const vendor = words.find((w) => severityFromPriority(w) === byWord) ?? byWord;
    return { severity: byWord, vendor, cvss: cvssList };
  }
  const byScore = maxSeverity(cvssList.map((c) => severityFromScore(c.score)));
  return { severity: byScore ?? unratedSeverity, cvss: cvssList };
}

function classify(id: string): Classification {
  if (/^[A-Z]{2}BA-/.test(id)) return Classification.Bugfix;
  if (/^[A-Z]{2}EA-/.test(id)) return Classification.Enhancement;
  return Classification.Security;
}
