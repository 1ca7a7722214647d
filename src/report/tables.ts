import type { ComplianceReport } from '../app/compliance.js';
import type { TrendPoint } from '../app/report.js';
import type { ExposureRow } from '../app/report-exposure.js';
import type { GroupFigures } from '../policy/sla/index.js';

/**
 * One table of a report, shared by every output format: `head` are the stable column names
 * (snake_case, so a CSV loads in a spreadsheet and scripts can key on them), `rows` the cells.
 */
export interface Tabular {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

const complianceHead = [
  'group',
  'assets',
  'compliant',
  'at_risk',
  'overdue_assets',
  'open_critical',
  'open_high',
  'open_medium',
  'open_low',
  'open_none',
  'overdue_findings',
  'due_soon',
  'waived',
  'pending_reboot',
  'not_counted',
  'fixed',
  'sla_adherence_pct',
  'oldest_overdue_asset',
  'oldest_overdue_advisory',
  'oldest_overdue_due',
] as const;

function complianceRow(g: GroupFigures): (string | number | null)[] {
  return [
    g.group,
    g.assets,
    g.compliant,
    g.atRisk,
    g.overdueAssets,
    g.open.critical,
    g.open.high,
    g.open.medium,
    g.open.low,
    g.open.none,
    g.overdue,
    g.dueSoon,
    g.waived,
    g.pendingReboot,
    g.notCounted,
    g.fixed,
    g.adherencePct,
    g.oldestOverdue?.asset ?? null,
    g.oldestOverdue?.advisory ?? null,
    g.oldestOverdue?.due ?? null,
  ];
}

/** Figures per group, then the `(all)` total row. */
export function complianceTable(r: ComplianceReport): Tabular {
  return {
    title: `Compliance by ${r.by}`,
    head: complianceHead,
    rows: [...r.groups.map(complianceRow), complianceRow(r.total)],
  };
}

/** The compliance table narrowed to what fits a terminal. */
export function complianceSummaryTable(r: ComplianceReport): Tabular {
  const row = (g: GroupFigures) => [
    g.group,
    g.assets,
    g.compliant,
    g.atRisk,
    g.overdueAssets,
    `${g.open.critical}/${g.open.high}/${g.open.medium}/${g.open.low}`,
    g.overdue,
    g.waived,
    g.fixed,
    g.adherencePct,
    g.oldestOverdue ? `${g.oldestOverdue.asset} ${g.oldestOverdue.advisory}` : null,
  ];
  return {
    title: `Compliance by ${r.by}`,
    head: [
      'group',
      'assets',
      'compliant',
      'at_risk',
      'overdue',
      'open c/h/m/l',
      'overdue_findings',
      'waived',
      'fixed',
      'adherence_%',
      'oldest_overdue',
    ],
    rows: [...r.groups.map(row), row(r.total)],
  };
}

export function mttrTable(r: ComplianceReport): Tabular {
  return {
    title: 'Mean time to remediate',
    head: ['tier', 'severity', 'fixed', 'mttr_hours'],
    rows: r.mttr.map((m) => [m.tier, m.severity, m.fixed, m.meanHours]),
  };
}

export function overdueTable(r: ComplianceReport): Tabular {
  return {
    title: 'Overdue and due-soon findings',
    head: [
      'asset',
      'kind',
      'tier',
      'image',
      'state',
      'severity',
      'advisory',
      'cves',
      'package',
      'origin',
      'first_seen',
      'due',
      'freeze',
      'no_window',
    ],
    rows: r.atRisk.map((f) => [
      f.asset,
      f.kind,
      f.tier,
      f.image,
      f.state,
      f.severity,
      f.advisory,
      f.cves.join(' '),
      f.package,
      f.origin,
      f.firstSeen,
      f.due,
      f.freeze,
      f.noWindow ? 'yes' : 'no',
    ]),
  };
}

export function waiverTable(r: ComplianceReport): Tabular {
  return {
    title: 'Waivers',
    head: [
      'waiver',
      'status',
      'owner',
      'approver',
      'created',
      'expires',
      'days_left',
      'findings_waived',
      'reopened_by_expiry',
      'unused',
    ],
    rows: r.waivers.map((w) => [
      w.id,
      w.status,
      w.owner,
      w.approver,
      w.created,
      w.expires,
      w.daysLeft,
      w.findings,
      w.reopened,
      w.unused ? 'yes' : 'no',
    ]),
  };
}

/** Per-advisory (or per-CVE) exposure; `kind` names the first column. */
export function exposureTable(kind: 'advisory' | 'cve', rows: readonly ExposureRow[]): Tabular {
  return {
    title: kind === 'advisory' ? 'Exposure per advisory' : 'Exposure per CVE',
    head: [
      kind,
      kind === 'advisory' ? 'cves' : 'advisories',
      'severity',
      'hosts',
      'images',
      'inherited',
      'introduced',
      'blast_radius',
      'affected_images',
    ],
    rows: rows.map((e) => [
      e.id,
      e.related.join(' '),
      e.severity,
      e.hosts,
      e.images,
      e.inherited,
      e.introduced,
      e.blastRadius,
      e.affectedImages.join(' '),
    ]),
  };
}

export function trendTable(points: readonly TrendPoint[]): Tabular {
  return {
    title: 'Daily compliance history',
    head: [
      'day',
      'group',
      'assets',
      'compliant',
      'at_risk',
      'overdue_assets',
      'overdue_findings',
      'sla_adherence_pct',
      'policy_hash',
    ],
    rows: points.map((p) => [
      p.day,
      p.group,
      p.assets,
      p.compliant,
      p.atRisk,
      p.overdueAssets,
      p.overdue,
      p.adherencePct,
      p.policyHash,
    ]),
  };
}
