import { AffectedStatus, Classification } from '../../domain/index.js';
import type { AffectedPackage, Advisory } from '../../domain/index.js';
import { diagnosticSink, invalidDocument, parseJsonDocument, pointer } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import { looseIndexed, looseItem } from '../common/loose.js';
import { parsePurl } from '../common/purl.js';
import { cveIds, unratedSeverity } from '../common/severity.js';
import { placed, samePlace } from '../common/where.js';
import { platformOfCodename as debianPlatform } from '../debian-tracker/releases.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { platformOfCodename as ubuntuPlatform } from '../ubuntu-usn/releases.js';
import { VexDocument, VexProduct, VexStatement } from './schema.js';
import type { VexStatus } from './schema.js';

const source = 'openvex';

interface Draft {
  cves: string[];
  references: Set<string>;
  published?: string;
  affected: Map<string, AffectedPackage>;
}

/**
 * An OpenVEX document (openvex.dev, spec v0.2.0) → one Advisory per vulnerability named in its
 * statements, id = the vulnerability name (`CVE-2016-20013`). Products are `pkg:deb` purls
 * (`pkg:deb/ubuntu/zabbix@1:6.0.25+dfsg-1?arch=source&distro=noble`): `distro` gives the
 * platform, `arch=source` a source-package entry, other arches binary entries (arches merged).
 * Status: fixed → fixed at the purl version; affected → no-fix-yet, or will-not-fix when the
 * action statement says the vendor decided not to fix; under_investigation → no-fix-yet;
 * not_affected → not-affected. OpenVEX carries no severity: unrated.
 */
export function parseOpenVex(raw: RawAdvisoryInput): ParseOutcome {
  const doc = parseJsonDocument(raw.bytes, raw.name);
  const sink = diagnosticSink(source, raw.name);
  const envelope = VexDocument.safeParse(doc);
  if (!envelope.success) {
    const at = pointer((envelope.error.issues[0]?.path ?? []).map(String));
    throw invalidDocument(raw.name, `is not an OpenVEX document (at ${at || '/'})`);
  }
  const drafts = new Map<string, Draft>();
  const statements = looseIndexed(VexStatement, envelope.data.statements, ['statements'], sink);
  for (const [i, st] of statements) {
    const name = st.vulnerability.name;
    const draft = drafts.get(name) ?? {
      cves: [],
      references: new Set<string>(),
      affected: new Map<string, AffectedPackage>(),
    };
    drafts.set(name, draft);
    draft.cves.push(name, ...(st.vulnerability.aliases ?? []));
    const vulnId = '@id' in st.vulnerability ? st.vulnerability['@id'] : undefined;
    for (const ref of [vulnId, ...(st.vulnerability.aliases ?? [])]) {
      if (ref && /^https:\/\//.test(ref)) draft.references.add(ref);
    }
    const when = isoTime(st.timestamp);
    if (when && (!draft.published || when < draft.published)) draft.published = when;
    addProducts(draft, st, ['statements', i], sink);
  }
  const modified = isoTime(envelope.data.last_updated ?? envelope.data.timestamp);
  const advisories: Advisory[] = [...drafts].map(([id, d]) => ({
    id,
    source,
    ...(d.published ? { published: d.published } : {}),
    ...(modified ? { modified } : {}),
    severity: unratedSeverity,
    cves: cveIds(d.cves),
    classification: Classification.Security,
    affected: [...d.affected.values()],
    ...(d.references.size > 0 ? { references: [...d.references] } : {}),
  }));
  return { advisories, diagnostics: sink.diagnostics };
}

function addProducts(
  draft: Draft,
  st: VexStatement,
  at: (string | number)[],
  sink: DiagnosticSink,
): void {
  const status = statusOf(st.status, st.action_statement);
  for (const [j, item] of st.products.entries()) {
    const path = [...at, 'products', j];
    const product = looseItem(VexProduct, item, path, sink, () => st.vulnerability.name);
    const purlText = product?.['@id'] ?? product?.identifiers?.purl;
    if (!product || !purlText) continue;
    const where = { pointer: pointer(path), record: st.vulnerability.name };
    const purl = parsePurl(purlText);
    const platform =
      purl && purl.type === 'deb' ? platformOf(purl.namespace, purl.qualifiers) : undefined;
    if (!purl || !platform) {
      sink.warn(
        `product ${purlText} is not a Debian/Ubuntu package purl with a known distro; skipped`,
        where,
      );
      continue;
    }
    if (status === AffectedStatus.Fixed && !purl.version) {
      sink.warn(`fixed product ${purlText} has no version; skipped`, where);
      continue;
    }
    const arch = purl.qualifiers['arch'];
    const packageKind = arch === 'source' ? 'source' : 'binary';
    const fixed = status === AffectedStatus.Fixed ? purl.version : undefined;
    const key = JSON.stringify([platform, purl.name, packageKind, status, fixed]);
    const prev = draft.affected.get(key);
    const arches = [...(prev?.arch ?? []), ...(arch && arch !== 'source' ? [arch] : [])];
    const entry: AffectedPackage = {
      kind: 'package',
      platform,
      package: purl.name,
      packageKind,
      ...(packageKind === 'binary' && arches.length > 0 ? { arch: [...new Set(arches)] } : {}),
      status,
      ...(fixed ? { fixed } : {}),
    };
    draft.affected.set(
      key,
      prev ? samePlace(entry, prev) : placed(entry, { pointer: where.pointer }),
    );
  }
}

/** `distro=jammy` or an ESM pocket `distro=esm-apps/jammy` → `ubuntu:22.04`; Debian codenames too. */
function platformOf(
  namespace: string | undefined,
  qualifiers: Readonly<Record<string, string>>,
): string | undefined {
  const codename = qualifiers['distro']?.split('/').pop()?.toLowerCase();
  if (!codename) return undefined;
  if (namespace === 'ubuntu') return ubuntuPlatform(codename);
  if (namespace === 'debian') return debianPlatform(codename);
  return undefined;
}

function statusOf(status: VexStatus, action: string | undefined): AffectedStatus {
  switch (status) {
    case 'fixed':
      return AffectedStatus.Fixed;
    case 'not_affected':
      return AffectedStatus.NotAffected;
    case 'affected':
      return /decided to not fix|will not (be )?fix|\bignored\b/i.test(action ?? '')
        ? AffectedStatus.WillNotFix
        : AffectedStatus.NoFixYet;
    default:
      return AffectedStatus.NoFixYet;
  }
}

function isoTime(text: string | undefined): string | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
