import { Classification } from '../../domain/index.js';
import type { AffectedPackage, Advisory, Cvss } from '../../domain/index.js';
import { diagnosticSink, invalidDocument, parseJsonDocument, pointer } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import { looseItem } from '../common/loose.js';
import {
  cveIds,
  maxSeverity,
  severityFromRedHat,
  severityFromScore,
  unratedSeverity,
} from '../common/severity.js';
import { samePlace } from '../common/where.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { affectedOf } from './affected.js';
import type { ResolveStats } from './affected.js';
import { runCsafChecks } from './checks/index.js';
import type { IndexedVulnerability } from './checks/types.js';
import { readProductTree } from './product-tree.js';
import { CsafDocument, CsafVulnerability } from './schema.js';

const source = 'csaf';
const rebootCategories = new Set(['machine', 'system', 'zone']);

/**
 * CSAF 2.0 security advisory or VEX document (Red Hat family) → one Advisory named by
 * `document.tracking.id`. Runs the §6.1 checks in `checks/` first; products they reject are
 * skipped. Products on layered (non-RHEL) platforms are counted in one warning.
 */
export function parseCsaf(raw: RawAdvisoryInput): ParseOutcome {
  const parsed = CsafDocument.safeParse(parseJsonDocument(raw.bytes, raw.name));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = pointer((issue?.path ?? []).map(String)) || '/';
    throw invalidDocument(raw.name, `is not a CSAF 2.0 document (${at}: ${issue?.message ?? ''})`);
  }
  const doc = parsed.data;
  const id = doc.document.tracking.id;
  const sink = diagnosticSink(source, raw.name);
  const tree = readProductTree(doc, sink);
  const vulnerabilities = indexVulnerabilities(doc.vulnerabilities, sink, id);
  if (!shaped(doc.vulnerabilities, vulnerabilities.length)) {
    sink.error('no vulnerability has the CSAF shape; document rejected', {
      pointer: '/vulnerabilities',
      record: id,
    });
    return { advisories: [], diagnostics: sink.diagnostics };
  }
  const skip = runCsafChecks({ tree, vulnerabilities }, sink, id);
  const stats: ResolveStats = { offPlatform: 0, unresolved: 0 };
  const affected = new Map<string, AffectedPackage>();
  for (const { index, vuln } of vulnerabilities) {
    for (const e of affectedOf(vuln, index, tree, skip.get(index) ?? new Set(), stats)) {
      mergeInto(affected, e);
    }
  }
  reportStats(stats, sink, id);
  return {
    advisories: [toAdvisory(doc, vulnerabilities, [...affected.values()])],
    diagnostics: sink.diagnostics,
  };
}

/**
 * Whether what the document lists as vulnerabilities can be judged at all: a list some entry of
 * which is valid, or none listed. A list of nothing but invalid entries, or something that is
 * not a list, would store an advisory that affects nothing, so the document is rejected.
 */
function shaped(items: unknown, valid: number): boolean {
  if (items === undefined) return true;
  return Array.isArray(items) && (items.length === 0 || valid > 0);
}

function indexVulnerabilities(
  items: unknown,
  sink: DiagnosticSink,
  id: string,
): IndexedVulnerability[] {
  const out: IndexedVulnerability[] = [];
  if (items !== undefined && !Array.isArray(items)) {
    sink.error('vulnerabilities is not an array', { pointer: '/vulnerabilities', record: id });
  }
  if (!Array.isArray(items)) return out;
  for (const [index, item] of items.entries()) {
    const vuln = looseItem(CsafVulnerability, item, ['vulnerabilities', index], sink, () => id);
    if (vuln) out.push({ index, vuln });
  }
  return out;
}

/** Same package, platform, status and version from several arches → one entry listing them. */
function mergeInto(map: Map<string, AffectedPackage>, e: AffectedPackage): void {
  const key = [e.platform, e.package, e.packageKind, e.status, e.fixed ?? '', e.module ?? ''].join(
    '\u0000',
  );
  const prev = map.get(key);
  if (!prev) {
    map.set(key, e);
    return;
  }
  if (!prev.arch || !e.arch) {
    map.set(key, samePlace(withoutArch(prev), prev));
    return;
  }
  map.set(key, samePlace({ ...prev, arch: [...new Set([...prev.arch, ...e.arch])] }, prev));
}

function withoutArch(e: AffectedPackage): AffectedPackage {
  const copy: { -readonly [K in keyof AffectedPackage]: AffectedPackage[K] } = { ...e };
  delete copy.arch;
  return copy;
}

function reportStats(stats: ResolveStats, sink: DiagnosticSink, record: string): void {
  if (stats.offPlatform > 0) {
    sink.warn(`${stats.offPlatform} product entries on layered or non-RHEL platforms skipped`, {
      record,
    });
  }
  if (stats.unresolved > 0) {
    sink.warn(`${stats.unresolved} product entries without a package or version skipped`, {
      record,
    });
  }
}

function toAdvisory(
  doc: CsafDocument,
  vulns: readonly IndexedVulnerability[],
  affected: AffectedPackage[],
): Advisory {
  const d = doc.document;
  const cvss = new Map<string, Cvss>();
  const impacts: string[] = [];
  let reboot = false;
  for (const { vuln } of vulns) {
    for (const t of vuln.threats ?? []) if (t.category === 'impact') impacts.push(t.details);
    for (const s of vuln.scores ?? []) {
      for (const c of [s.cvss_v3, s.cvss_v2]) {
        const version = c?.version;
        if (c && (version === '2.0' || version === '3.0' || version === '3.1')) {
          cvss.set(c.vectorString, { version, score: c.baseScore, vector: c.vectorString });
        }
      }
    }
    for (const r of vuln.remediations ?? []) {
      if (r.category === 'vendor_fix' && rebootCategories.has(r.restart_required?.category ?? '')) {
        reboot = true;
      }
    }
  }
  const words = [d.aggregate_severity?.text, ...impacts].filter((w): w is string => !!w);
  const byWord = maxSeverity(words.map(severityFromRedHat));
  const vendor = words.find((w) => severityFromRedHat(w) === byWord);
  const byScore = maxSeverity([...cvss.values()].map((c) => severityFromScore(c.score)));
  const self = (d.references ?? []).filter((r) => r.category === 'self').map((r) => r.url);
  return {
    id: d.tracking.id,
    source,
    title: d.title,
    published: d.tracking.initial_release_date,
    modified: d.tracking.current_release_date,
    ...(vendor && byWord ? { vendorSeverity: vendor } : {}),
    severity: byWord ?? byScore ?? unratedSeverity,
    ...(cvss.size > 0 ? { cvss: [...cvss.values()] } : {}),
    cves: cveIds(vulns.map((v) => v.vuln.cve ?? '')),
    classification: classify(d.tracking.id),
    ...(reboot ? { rebootHint: true } : {}),
    affected,
    ...(self.length > 0 ? { references: self } : {}),
  };
}

function classify(id: string): Classification {
  if (/^[A-Z]+BA-/.test(id)) return Classification.Bugfix;
  if (/^[A-Z]+EA-/.test(id)) return Classification.Enhancement;
  return Classification.Security;
}
