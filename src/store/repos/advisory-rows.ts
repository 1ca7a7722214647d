import type { Selectable } from 'kysely';
import type {
  Advisory,
  AffectedEntry,
  AffectedStatus,
  Classification,
  Cvss,
  Severity,
} from '../../domain/advisory.js';
import type { AdvisoriesTable, AdvisoryAffectedTable } from '../schema.js';

export type AdvisoryRow = Selectable<AdvisoriesTable>;
export type AffectedRow = Selectable<AdvisoryAffectedTable>;

/*
 * Mapping between the domain Advisory and its rows. Lists are JSON text, booleans 0/1, absent
 * optional fields NULL. For `kb` rows `package` holds the product and `package_kind` the vendor
 * product id (that column is otherwise unused by Windows entries).
 */

/** The advisory as it reads back after a store round trip (drops fields the model lacks). */
export function normalize(a: Advisory): Advisory {
  const row = toRowFields(a);
  return fromRows(
    { ...row, raw_payload_id: null, parser_version: '', updated_at: '' },
    a.affected.map((e, seq) => affectedRow(a, e, seq)),
  );
}

export function toRowFields(
  a: Advisory,
): Omit<AdvisoryRow, 'raw_payload_id' | 'parser_version' | 'updated_at'> {
  return {
    source: a.source,
    id: a.id,
    title: a.title ?? null,
    published: a.published ?? null,
    modified: a.modified ?? null,
    vendor_severity: a.vendorSeverity ?? null,
    severity: a.severity,
    classification: a.classification,
    cves: JSON.stringify(a.cves),
    cvss: jsonOrNull(a.cvss),
    references: jsonOrNull(a.references),
    reboot_hint: flag(a.rebootHint),
    known_exploited: flag(a.knownExploited),
  };
}

export function affectedRow(a: Advisory, e: AffectedEntry, seq: number): AffectedRow {
  const base = { source: a.source, advisory_id: a.id, seq, platform: e.platform, status: e.status };
  if (e.kind === 'package') {
    return {
      ...base,
      kind: 'package',
      package: e.package,
      package_kind: e.packageKind,
      arch: jsonOrNull(e.arch),
      fixed: e.fixed ?? null,
      introduced: e.introduced ?? null,
      kb: null,
      supersedes: null,
      fixed_build: null,
      restart_required: null,
      module: e.module ?? null,
    };
  }
  return {
    ...base,
    kind: 'kb',
    package: e.product,
    package_kind: e.productId ?? null,
    arch: null,
    fixed: null,
    introduced: null,
    kb: e.kb ?? null,
    supersedes: jsonOrNull(e.supersedes),
    fixed_build: e.fixedBuild ?? null,
    restart_required: flag(e.restartRequired),
    module: null,
  };
}

export function fromRows(r: AdvisoryRow, affected: readonly AffectedRow[]): Advisory {
  return {
    id: r.id,
    source: r.source,
    ...(r.title !== null && { title: r.title }),
    ...(r.published !== null && { published: r.published }),
    ...(r.modified !== null && { modified: r.modified }),
    ...(r.vendor_severity !== null && { vendorSeverity: r.vendor_severity }),
    severity: r.severity as Severity,
    ...(r.cvss !== null && { cvss: JSON.parse(r.cvss) as Cvss[] }),
    cves: JSON.parse(r.cves) as string[],
    classification: r.classification as Classification,
    ...(r.reboot_hint !== null && { rebootHint: r.reboot_hint !== 0 }),
    ...(r.known_exploited !== null && { knownExploited: r.known_exploited !== 0 }),
    affected: affected.map(fromAffectedRow),
    ...(r.references !== null && { references: JSON.parse(r.references) as string[] }),
  };
}

function fromAffectedRow(r: AffectedRow): AffectedEntry {
  const status = r.status as AffectedStatus;
  if (r.kind === 'kb') {
    return {
      kind: 'kb',
      platform: r.platform,
      product: r.package,
      ...(r.package_kind !== null && { productId: r.package_kind }),
      status,
      ...(r.kb !== null && { kb: r.kb }),
      ...(r.supersedes !== null && { supersedes: JSON.parse(r.supersedes) as string[] }),
      ...(r.fixed_build !== null && { fixedBuild: r.fixed_build }),
      ...(r.restart_required !== null && { restartRequired: r.restart_required !== 0 }),
    };
  }
  return {
    kind: 'package',
    platform: r.platform,
    package: r.package,
    packageKind: r.package_kind === 'source' ? 'source' : 'binary',
    ...(r.arch !== null && { arch: JSON.parse(r.arch) as string[] }),
    status,
    ...(r.fixed !== null && { fixed: r.fixed }),
    ...(r.introduced !== null && { introduced: r.introduced }),
    ...(r.module !== null && { module: r.module }),
  };
}

function jsonOrNull(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

function flag(v: boolean | undefined): number | null {
  return v === undefined ? null : v ? 1 : 0;
}
