import { AffectedStatus, isAppError } from '../../domain/index.js';
import type { AffectedPackage, Advisory } from '../../domain/index.js';
import { diagnosticSink } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import { cveIds, severityFromScore, unratedSeverity } from '../common/severity.js';
import { placed } from '../common/where.js';
import type { XmlElement } from '../common/xml.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { packageChecks } from './criteria.js';
import type { PackageCheck } from './criteria.js';
import {
  classificationOf,
  packageKindOf,
  platformOfComment,
  platformOfMetadata,
  severityOfWord,
  unfixedStatus,
  vendorOf,
} from './dialect.js';
import type { Vendor } from './dialect.js';
import { cvssOf, isoDate, readMetadata } from './metadata.js';
import type { DefinitionMetadata } from './metadata.js';
import { emptyIndex, indexItem } from './model.js';
import type { OvalIndex } from './model.js';
import { scanOval } from './scan.js';
import { AdvisoryClass } from './schema.js';

const source = 'oval';
const vendorIds = /^(RHSA|RHBA|RHEA|USN|DSA|DLA)-/;

/**
 * An OVAL 5 definitions document from Red Hat (OVAL v2), Ubuntu (usn/cve/pkg, classic and OCI)
 * or Debian → one Advisory per `vulnerability`/`patch` definition, id `<name>@<platform>`
 * (`RHSA-2022:4765@rhel:9`, `USN-6561-1@ubuntu:22.04`, `CVE-2022-31625@debian:11`). Ubuntu's
 * per-package definitions become one Advisory per (package, CVE). Definitions sharing an id in
 * one file are merged. See readme.md for the per-vendor rules.
 */
export function parseOval(raw: RawAdvisoryInput): ParseOutcome {
  const items = scanOval(raw.bytes, raw.name);
  const sink = diagnosticSink(source, raw.name);
  const index = emptyIndex();
  for (const item of items) {
    if (item.section === 'definitions') continue;
    const el = element(item, sink);
    if (el) indexItem(index, item.section, el, item.line);
  }
  const byId = new Map<string, Advisory>();
  for (const item of items) {
    if (item.section !== 'definitions') continue;
    const el = element(item, sink);
    if (!el || el.name !== 'definition') continue;
    for (const a of definitionAdvisories(el, index, sink, item.line)) {
      const prev = byId.get(a.id);
      byId.set(a.id, prev ? merge(prev, a) : a);
    }
  }
  return { advisories: [...byId.values()], diagnostics: sink.diagnostics };
}

function element(item: { line: number; element(): XmlElement }, sink: DiagnosticSink) {
  try {
    return item.element();
  } catch (e) {
    if (!isAppError(e)) throw e;
    sink.error(`unreadable item skipped: ${e.message}`, { line: item.line });
    return undefined;
  }
}

function definitionAdvisories(
  def: XmlElement,
  index: OvalIndex,
  sink: DiagnosticSink,
  line: number,
): Advisory[] {
  const defId = def.attrs['id'] ?? '';
  if (!AdvisoryClass.safeParse(def.attrs['class']).success) return [];
  const vendor = vendorOf(defId);
  const where = { line, record: defId || `line ${line}` };
  if (!vendor) {
    sink.warn(`definition ${defId || '(no id)'} is from no known vendor; skipped`, where);
    return [];
  }
  const md = readMetadata(def);
  const criteria = def.children.find((c) => c.name === 'criteria');
  const defPlatform = platformOfMetadata(vendor, defId, md.platforms, md.cpes);
  const checks = criteria
    ? packageChecks(criteria, index, (c) => platformOfComment(vendor, c), {
        ...(defPlatform ? { platform: defPlatform } : {}),
      })
    : [];
  const platform = defPlatform ?? checks.find((c) => c.platform)?.platform;
  if (!platform || checks.length === 0) {
    const why = platform ? 'has no package check this parser reads' : 'names no platform';
    sink.warn(`definition ${defId} ${why}; skipped`, where);
    return [];
  }
  const perPackage = md.references.find((r) => r.source === 'Package');
  if (vendor === 'ubuntu' && perPackage) {
    return md.cves.flatMap((cve) => {
      const own = checks.filter((c) => c.testRef === cve.test_ref);
      if (own.length === 0) return [];
      const id = `${perPackage.ref_id}/${cve.id}@${platform}`;
      return [build(id, defId, vendor, platform, { ...md, cves: [cve] }, own, cve.priority)];
    });
  }
  const name = primaryName(md, defId);
  return [build(`${name}@${platform}`, defId, vendor, platform, md, checks, md.severity)];
}

/** The vendor advisory id, else the first CVE, else the title's first word, else the OVAL id. */
function primaryName(md: DefinitionMetadata, defId: string): string {
  const vendorRef = md.references.find((r) => vendorIds.test(r.ref_id));
  if (vendorRef) return vendorRef.ref_id;
  const titled = /^((?:DSA|DLA)-\d+-\d+)\b/.exec(md.title ?? '');
  if (titled?.[1]) return titled[1];
  const cve = md.references.find((r) => r.source === 'CVE')?.ref_id ?? md.cves[0]?.id;
  return cve ?? defId;
}

function build(
  id: string,
  defId: string,
  vendor: Vendor,
  platform: string,
  md: DefinitionMetadata,
  checks: readonly PackageCheck[],
  word: string | undefined,
): Advisory {
  const cvss = unique(md.cves.flatMap(cvssOf));
  const rated = severityOfWord(vendor, word);
  const scored =
    cvss.length > 0 ? severityFromScore(Math.max(...cvss.map((c) => c.score))) : undefined;
  const published =
    isoDate(md.issued) ?? isoDate(md.otherDate) ?? earliest(md.cves.map((c) => isoDate(c.public)));
  const modified = isoDate(md.updated);
  const cves = cveIds([
    ...md.cves.map((c) => c.id),
    ...md.references.filter((r) => r.source === 'CVE').map((r) => r.ref_id),
  ]);
  const references = [...new Set(md.references.flatMap((r) => (r.ref_url ? [r.ref_url] : [])))];
  return {
    id,
    source,
    ...(md.title ? { title: md.title } : {}),
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
    ...(rated && word ? { vendorSeverity: word } : {}),
    severity: rated ?? scored ?? unratedSeverity,
    ...(cvss.length > 0 ? { cvss } : {}),
    cves,
    classification: classificationOf(id),
    affected: unique(checks.map((c) => placedAt(entryOf(c, vendor, platform, md), c, defId))),
    ...(references.length > 0 ? { references } : {}),
  };
}

function entryOf(
  c: PackageCheck,
  vendor: Vendor,
  platform: string,
  md: DefinitionMetadata,
): AffectedPackage {
  const status =
    c.verdict === 'fixed'
      ? AffectedStatus.Fixed
      : c.verdict === 'not-affected'
        ? AffectedStatus.NotAffected
        : unfixedStatus(vendor, md.resolutions.get(c.name), c.comment);
  return {
    kind: 'package',
    platform: c.platform ?? platform,
    package: c.name,
    packageKind: packageKindOf(vendor),
    ...(c.arch ? { arch: c.arch } : {}),
    status,
    ...(status === AffectedStatus.Fixed && c.fixed ? { fixed: c.fixed } : {}),
    ...(c.module ? { module: c.module } : {}),
  };
}

/** The entry placed at the line of the state holding its version, naming definition and state. */
function placedAt(e: AffectedPackage, c: PackageCheck, defId: string): AffectedPackage {
  if (!c.state) return e;
  const line = c.state.line === undefined ? {} : { line: c.state.line };
  return placed(e, { ...line, note: `definition ${defId}, state ${c.state.id}` });
}

function merge(a: Advisory, b: Advisory): Advisory {
  const references = [...new Set([...(a.references ?? []), ...(b.references ?? [])])];
  return {
    ...a,
    cves: [...new Set([...a.cves, ...b.cves])],
    affected: unique([...a.affected, ...b.affected]),
    ...(references.length > 0 ? { references } : {}),
  };
}

function unique<T>(list: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const x of list) {
    const key = JSON.stringify(x);
    if (!seen.has(key)) seen.set(key, x);
  }
  return [...seen.values()];
}

function earliest(dates: readonly (string | undefined)[]): string | undefined {
  return dates.filter((d): d is string => d !== undefined).sort()[0];
}
