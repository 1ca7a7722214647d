import type { DiagnosticSink } from '../common/document.js';
import { childOf, childrenOf, descendantsOf, parseXml } from '../common/xml.js';
import type { XmlElement } from '../common/xml.js';
import { invalidDocument } from '../common/document.js';
import type { CvrfDocumentModel, CvrfRemediation, CvrfVulnerability } from './model.js';

const base = [
  'http://www.icasi.org/CVRF/schema',
  'http://docs.oasis-open.org/csaf/ns/csaf-cvrf/v1.2',
];
const nsCvrf = [`${base[0]}/cvrf/1.1`, `${base[1]}/cvrf`];
const nsProd = [`${base[0]}/prod/1.1`, `${base[1]}/prod`];
const nsVuln = [`${base[0]}/vuln/1.1`, `${base[1]}/vuln`];

/** Reads a CVRF XML document by namespace URI (the 2023-Dec file uses default namespaces). */
export function readCvrfXml(text: string, name: string, sink: DiagnosticSink): CvrfDocumentModel {
  const root = parseXml(text, name);
  if (root.name !== 'cvrfdoc' || !nsCvrf.includes(root.ns)) {
    throw invalidDocument(
      name,
      `is not a CVRF document (root element ${root.name} in "${root.ns}")`,
    );
  }
  const tracking = childOf(root, nsCvrf, 'DocumentTracking');
  const products = new Map<string, string>();
  for (const tree of childrenOf(root, nsProd, 'ProductTree')) {
    for (const p of descendantsOf(tree, nsProd, 'FullProductName')) {
      const id = p.attrs['ProductID'];
      if (id) products.set(id, p.text);
    }
  }
  const vulnerabilities: CvrfVulnerability[] = [];
  for (const [i, v] of childrenOf(root, nsVuln, 'Vulnerability').entries()) {
    const vuln = readVulnerability(v, i);
    if (vuln) vulnerabilities.push(vuln);
    else sink.error('Vulnerability without a CVE skipped', { pointer: `/Vulnerability/${i}` });
  }
  return {
    ...optional('id', text1(tracking && childOf(tracking, nsCvrf, 'Identification'), nsCvrf, 'ID')),
    ...optional('title', childOf(root, nsCvrf, 'DocumentTitle')?.text),
    ...optional('initialReleaseDate', text1(tracking, nsCvrf, 'InitialReleaseDate')),
    ...optional('currentReleaseDate', text1(tracking, nsCvrf, 'CurrentReleaseDate')),
    products,
    vulnerabilities,
  };
}

function readVulnerability(v: XmlElement, i: number): CvrfVulnerability | undefined {
  const cve = text1(v, nsVuln, 'CVE');
  if (!cve) return undefined;
  const ids = (el: XmlElement): string[] => childrenOf(el, nsVuln, 'ProductID').map((p) => p.text);
  const statuses = childrenOf(childOf(v, nsVuln, 'ProductStatuses') ?? v, nsVuln, 'Status').map(
    (s) => ({
      type: s.attrs['Type'] ?? '',
      productIds: ids(s),
    }),
  );
  const threats = childrenOf(childOf(v, nsVuln, 'Threats') ?? v, nsVuln, 'Threat').map((t) => ({
    type: t.attrs['Type'] ?? '',
    description: text1(t, nsVuln, 'Description') ?? '',
    productIds: ids(t),
  }));
  const scores = childrenOf(childOf(v, nsVuln, 'CVSSScoreSets') ?? v, nsVuln, 'ScoreSet')
    .map((s) => ({
      baseScore: Number(text1(s, nsVuln, 'BaseScore')),
      ...optional('vector', text1(s, nsVuln, 'Vector')),
      productIds: ids(s),
    }))
    .filter((s) => Number.isFinite(s.baseScore));
  const remediations = childrenOf(
    childOf(v, nsVuln, 'Remediations') ?? v,
    nsVuln,
    'Remediation',
  ).map((r): CvrfRemediation => ({
    type: r.attrs['Type'] ?? '',
    ...optional('description', text1(r, nsVuln, 'Description')),
    ...optional('supercedence', text1(r, nsVuln, 'Supercedence')),
    productIds: ids(r),
    ...optional('restartRequired', text1(r, nsVuln, 'RestartRequired')),
    ...optional('subType', text1(r, nsVuln, 'SubType')),
    ...optional('fixedBuild', text1(r, nsVuln, 'FixedBuild')),
    ...optional('url', text1(r, nsVuln, 'URL')),
  }));
  const revisions = childOf(v, nsVuln, 'RevisionHistory');
  const revisionDates = revisions
    ? descendantsOf(revisions, [...nsVuln, ...nsCvrf], 'Date').map((d) => d.text)
    : [];
  return {
    where: { pointer: `/Vulnerability/${i}` },
    cve,
    ...optional('title', text1(v, nsVuln, 'Title')),
    revisionDates,
    statuses,
    threats,
    scores,
    remediations,
  };
}

function text1(
  el: XmlElement | undefined,
  ns: readonly string[],
  name: string,
): string | undefined {
  const t = el ? childOf(el, ns, name)?.text.trim() : undefined;
  return t ? t : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
