import { AffectedStatus, Classification } from '../../domain/index.js';
import type { AffectedProduct, Advisory, Cvss } from '../../domain/index.js';
import { decodeText, diagnosticSink, invalidDocument } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import {
  maxSeverity,
  severityFromRedHat,
  severityFromScore,
  unratedSeverity,
} from '../common/severity.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { windowsPlatform } from './builds.js';
import type { CvrfDocumentModel, CvrfRemediation, CvrfVulnerability } from './model.js';
import { readCvrfJson } from './read-json.js';
import { readCvrfXml } from './read-xml.js';

const source = 'msrc-cvrf';

/**
 * MSRC monthly CVRF (XML, or the JSON the v3 API serves) → one Advisory per CVE. Each "Vendor Fix"
 * remediation yields one KB entry per product: KB from Description, FixedBuild, Supercedence
 * (superseded KBs), RestartRequired. Affected products with no fix are `no-fix-yet`; "Will Not
 * Fix" remediations `will-not-fix`. Severity: the highest per-product "Severity" threat.
 */
export function parseMsrcCvrf(raw: RawAdvisoryInput): ParseOutcome {
  const text = decodeText(raw.bytes, raw.name);
  const sink = diagnosticSink(source, raw.name);
  const model = readModel(text, raw.name, sink);
  const advisories = model.vulnerabilities.map((v) => toAdvisory(v, model, sink));
  return { advisories, diagnostics: sink.diagnostics };
}

function readModel(text: string, name: string, sink: DiagnosticSink): CvrfDocumentModel {
  const start = text.trimStart();
  if (start.startsWith('<')) return readCvrfXml(text, name, sink);
  if (!start.startsWith('{')) throw invalidDocument(name, 'is neither CVRF XML nor CVRF JSON');
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (cause) {
    throw invalidDocument(name, `is not valid JSON (${(cause as Error).message})`, cause);
  }
  return readCvrfJson(doc, name, sink);
}

function toAdvisory(
  v: CvrfVulnerability,
  model: CvrfDocumentModel,
  sink: DiagnosticSink,
): Advisory {
  const severityWords = v.threats.filter((t) => t.type === 'Severity').map((t) => t.description);
  const severity = maxSeverity(severityWords.map(severityFromRedHat));
  const vendor = severityWords.find((w) => severityFromRedHat(w) === severity);
  const cvss = new Map<string, Cvss>();
  for (const s of v.scores) {
    const version = /^CVSS:(3\.[01])\//.exec(s.vector ?? '')?.[1];
    if (version === '3.0' || version === '3.1') {
      cvss.set(s.vector ?? '', { version, score: s.baseScore, vector: s.vector ?? '' });
    }
  }
  const exploited = v.threats.some(
    (t) => t.type === 'Exploit Status' && /Exploited:Yes/i.test(t.description),
  );
  const affected = affectedOf(v, model.products, sink);
  const byScore = maxSeverity([...cvss.values()].map((c) => severityFromScore(c.score)));
  const published = v.revisionDates[0] ?? model.initialReleaseDate;
  const modified = v.revisionDates.at(-1) ?? model.currentReleaseDate;
  return {
    id: v.cve,
    source,
    ...(v.title ? { title: v.title } : {}),
    ...(published ? { published } : {}),
    ...(modified ? { modified } : {}),
    ...(vendor && severity ? { vendorSeverity: vendor } : {}),
    severity: severity ?? byScore ?? unratedSeverity,
    ...(cvss.size > 0 ? { cvss: [...cvss.values()] } : {}),
    cves: /^CVE-\d{4}-\d+$/.test(v.cve) ? [v.cve] : [],
    classification: Classification.Security,
    ...(affected.some((a) => a.restartRequired) ? { rebootHint: true } : {}),
    ...(exploited ? { knownExploited: true } : {}),
    affected,
  };
}

function affectedOf(
  v: CvrfVulnerability,
  products: ReadonlyMap<string, string>,
  sink: DiagnosticSink,
): AffectedProduct[] {
  const out = new Map<string, AffectedProduct>();
  const covered = new Set<string>();
  const unknown = new Set<string>();
  const product = (id: string): { product: string; platform: string } | undefined => {
    const name = products.get(id);
    if (name === undefined) unknown.add(id);
    return name === undefined ? undefined : { product: name, platform: windowsPlatform(name) };
  };
  for (const r of v.remediations) {
    const status = remediationStatus(r.type);
    if (!status) continue;
    for (const id of r.productIds) {
      const p = product(id);
      if (!p) continue;
      covered.add(id);
      const entry = { kind: 'kb', ...p, productId: id, status, ...kbFields(r) } as const;
      out.set(`${id}\u0000${entry.kb ?? ''}\u0000${status}`, entry);
    }
  }
  for (const s of v.statuses.filter((x) => x.type === 'Known Affected')) {
    for (const id of s.productIds) {
      const p = covered.has(id) ? undefined : product(id);
      if (p) {
        out.set(`${id}\u0000`, {
          kind: 'kb',
          ...p,
          productId: id,
          status: AffectedStatus.NoFixYet,
        });
      }
    }
  }
  if (unknown.size > 0) {
    const list = [...unknown].slice(0, 5).join(', ');
    sink.error(`${unknown.size} product id(s) not in the ProductTree skipped (${list})`, {
      ...v.where,
      record: v.cve,
    });
  }
  return [...out.values()];
}

function remediationStatus(type: string): AffectedStatus | undefined {
  if (type === 'Vendor Fix') return AffectedStatus.Fixed;
  if (type === 'Will Not Fix') return AffectedStatus.WillNotFix;
  return undefined;
}

/** KB number (Description is the bare number for security updates), supersedence, build, restart. */
function kbFields(r: CvrfRemediation): Partial<AffectedProduct> {
  const kb = /^(?:KB)?(\d{6,8})$/i.exec(r.description?.trim() ?? '')?.[1];
  const supersedes = [...new Set((r.supercedence ?? '').match(/\d{6,8}/g) ?? [])].map(
    (n) => `KB${n}`,
  );
  const restart = r.restartRequired?.trim().toLowerCase();
  return {
    ...(kb ? { kb: `KB${kb}` } : {}),
    ...(supersedes.length > 0 ? { supersedes } : {}),
    ...(r.fixedBuild ? { fixedBuild: r.fixedBuild } : {}),
    // "Maybe" counts as a restart: planning must not assume none.
    ...(restart === 'yes' || restart === 'maybe' ? { restartRequired: true } : {}),
    ...(restart === 'no' ? { restartRequired: false } : {}),
  };
}
