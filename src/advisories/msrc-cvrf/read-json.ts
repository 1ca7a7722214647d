import type { DiagnosticSink } from '../common/document.js';
import { invalidDocument, pointer } from '../common/document.js';
import { looseItem } from '../common/loose.js';
import type { CvrfDocumentModel, CvrfVulnerability } from './model.js';
import { CvrfJsonDocument, CvrfJsonProduct, CvrfJsonVulnerability } from './schema.js';

/**
 * CVRF enumeration codes as the MSRC JSON serialises them (CVRF 1.1 schema order): threats
 * 0 Impact, 1 Exploit Status, 2 Target Set, 3 Severity; remediations 0 Workaround, 1 Mitigation,
 * 2 Vendor Fix, 3 None Available, 4 Will Not Fix. Product status: MSRC lists affected products
 * with code 3 (or no code); README.md notes this is taken from observed API output.
 */
const threatTypes = ['Impact', 'Exploit Status', 'Target Set', 'Severity'];
const remediationTypes = [
  'Workaround',
  'Mitigation',
  'Vendor Fix',
  'None Available',
  'Will Not Fix',
];

function typeName(code: number | string | null | undefined, names: readonly string[]): string {
  if (typeof code === 'string') return code;
  return code === undefined || code === null ? '' : (names[code] ?? `#${code}`);
}

function statusName(code: number | string | null | undefined): string {
  if (typeof code === 'string') return code;
  return code === undefined || code === null || code === 3 ? 'Known Affected' : `#${code}`;
}

/** Reads the JSON form into the shared model. */
export function readCvrfJson(doc: unknown, name: string, sink: DiagnosticSink): CvrfDocumentModel {
  const parsed = CvrfJsonDocument.safeParse(doc);
  if (!parsed.success) throw invalidDocument(name, 'is not an MSRC CVRF JSON document');
  const d = parsed.data;
  const products = new Map<string, string>();
  for (const p of d.ProductTree?.FullProductName ?? []) products.set(p.ProductID, p.Value ?? '');
  collectBranchProducts(d.ProductTree?.Branch, products, 0);
  const vulnerabilities: CvrfVulnerability[] = [];
  const list = Array.isArray(d.Vulnerability) ? d.Vulnerability : [];
  for (const [i, item] of list.entries()) {
    const v = looseItem(CvrfJsonVulnerability, item, ['Vulnerability', i], sink);
    if (v) vulnerabilities.push(toModel(v, pointer(['Vulnerability', i])));
  }
  const t = d.DocumentTracking;
  return {
    ...(t.Identification?.ID?.Value ? { id: t.Identification.ID.Value } : {}),
    ...(d.DocumentTitle?.Value ? { title: d.DocumentTitle.Value } : {}),
    ...(t.InitialReleaseDate ? { initialReleaseDate: t.InitialReleaseDate } : {}),
    ...(t.CurrentReleaseDate ? { currentReleaseDate: t.CurrentReleaseDate } : {}),
    products,
    vulnerabilities,
  };
}

function toModel(v: CvrfJsonVulnerability, at: string): CvrfVulnerability {
  return {
    where: { pointer: at },
    cve: v.CVE,
    ...(v.Title?.Value ? { title: v.Title.Value } : {}),
    revisionDates: (v.RevisionHistory ?? []).flatMap((r) => (r.Date ? [r.Date] : [])),
    statuses: (v.ProductStatuses ?? []).map((s) => ({
      type: statusName(s.Type),
      productIds: s.ProductID ?? [],
    })),
    threats: (v.Threats ?? []).map((t) => ({
      type: typeName(t.Type, threatTypes),
      description: t.Description?.Value ?? '',
      productIds: t.ProductID ?? [],
    })),
    scores: (v.CVSSScoreSets ?? []).map((s) => ({
      baseScore: s.BaseScore,
      ...(s.Vector ? { vector: s.Vector } : {}),
      productIds: s.ProductID ?? [],
    })),
    remediations: (v.Remediations ?? []).map((r) => ({
      type: typeName(r.Type, remediationTypes),
      ...(r.Description?.Value ? { description: r.Description.Value } : {}),
      ...(r.Supercedence ? { supercedence: r.Supercedence } : {}),
      productIds: r.ProductID ?? [],
      ...(r.RestartRequired?.Value ? { restartRequired: r.RestartRequired.Value } : {}),
      ...(r.SubType ? { subType: r.SubType } : {}),
      ...(r.FixedBuild ? { fixedBuild: r.FixedBuild } : {}),
      ...(r.URL ? { url: r.URL } : {}),
    })),
  };
}

/** `ProductTree.Branch[].Items[]` nests branches and `{ ProductID, Value }` leaves. */
function collectBranchProducts(node: unknown, out: Map<string, string>, depth: number): void {
  if (depth > 30 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectBranchProducts(n, out, depth + 1);
    return;
  }
  const leaf = CvrfJsonProduct.safeParse(node);
  if (leaf.success) out.set(leaf.data.ProductID, leaf.data.Value ?? '');
  collectBranchProducts((node as { Items?: unknown }).Items, out, depth + 1);
}
