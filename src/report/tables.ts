import type { Severity } from '../domain/advisory.js';
import type { ComplianceReport, ExposureRow, TrendPoint } from '../app/report-types.js';
import type { GroupFigures } from '../policy/sla/index.js';

/**
 * How a column's cells read to people (`name`: a group or id people scan for, which HTML
 * wraps only where words or hyphens allow). Raw values go to CSV and JSON unchanged; `displayCell`
 * turns them into text for terminal tables and HTML.
 */
export type CellKind =
  'text' | 'name' | 'count' | 'pct' | 'days' | 'time' | 'severity' | 'state' | 'hash' | 'yes-no';

export interface Column {
  /** Stable field name: the CSV header, for spreadsheets and scripts (snake_case). */
  readonly key: string;
  /** What people read: terminal and HTML table headers. */
  readonly label: string;
  /**
   * A heading over a run of adjacent columns (HTML puts it on a row above theirs): `Open
   * findings` over `Critical`, `High` … Terminal headers prefix it: `Open findings critical`.
   */
  readonly group?: string;
  readonly kind?: CellKind;
  /** Counts of one severity (open findings by severity): HTML tints the header. */
  readonly severity?: Severity;
}

export type Cell = string | number | boolean | null;

/** One table of a report, shared by every output format. */
export interface Tabular {
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Stable field names: the CSV header. */
export function keysOf(t: Tabular): string[] {
  return t.columns.map((c) => c.key);
}

/** Column names in words: terminal and HTML headers. */
export function labelsOf(t: Tabular): string[] {
  return t.columns.map((c) => (c.group ? `${c.group} ${c.label.toLowerCase()}` : c.label));
}

/** The cells as text for people, column by column (`displayCell`). */
export function displayRows(t: Tabular): string[][] {
  return t.rows.map((r) => r.map((v, i) => displayCell(t.columns[i], v)));
}

/**
 * A cell as people read it: percentages with `%`, ISO instants as `YYYY-MM-DD HH:MM` (UTC),
 * states in words (`due soon`), hashes by their first 12 digits, booleans as yes/no, an absent
 * adherence as `n/a`, other absent values as blank.
 */
export function displayCell(col: Column | undefined, v: Cell): string {
  const kind = col?.kind ?? 'text';
  if (v === null) return kind === 'pct' ? 'n/a' : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (kind === 'pct' && typeof v === 'number') return `${v}%`;
  if (kind === 'time' && typeof v === 'string') return shortTime(v);
  if (kind === 'state' && typeof v === 'string') return v.replaceAll('-', ' ');
  if (kind === 'hash' && typeof v === 'string') return v.slice(0, 12);
  return String(v);
}

/** `2026-11-04T09:00:00.000Z` → `2026-11-04 09:00`; anything else unchanged. */
export function shortTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

const col = (key: string, label: string, kind?: CellKind, severity?: Severity): Column => ({
  key,
  label,
  ...(kind ? { kind } : {}),
  ...(severity ? { severity } : {}),
});

const under = (group: string, cols: readonly Column[]): Column[] =>
  cols.map((c) => ({ ...c, group }));

const complianceColumns: readonly Column[] = [
  col('group', 'Group', 'name'),
  ...under('Assets', [
    col('assets', 'Total', 'count'),
    col('compliant', 'Compliant', 'count'),
    col('not_assessed', 'Not assessed', 'count'),
    col('at_risk', 'At risk', 'count'),
    col('overdue_assets', 'Overdue', 'count'),
  ]),
  ...under('Open findings', [
    col('open_critical', 'Critical', 'count', 'critical'),
    col('open_high', 'High', 'count', 'high'),
    col('open_medium', 'Medium', 'count', 'medium'),
    col('open_low', 'Low', 'count', 'low'),
    col('open_none', 'Unrated', 'count', 'none'),
  ]),
  ...under('Findings', [
    col('overdue_findings', 'Overdue', 'count'),
    col('due_soon', 'Due soon', 'count'),
    col('waived', 'Waived', 'count'),
    col('pending_reboot', 'Pending reboot', 'count'),
    col('not_counted', 'Not counted', 'count'),
    col('fixed', 'Fixed', 'count'),
  ]),
  col('sla_adherence_pct', 'SLA adherence', 'pct'),
  ...under('Oldest overdue', [
    col('oldest_overdue_asset', 'Asset'),
    col('oldest_overdue_advisory', 'Advisory'),
    col('oldest_overdue_due', 'Due', 'time'),
  ]),
];

function complianceRow(g: GroupFigures): Cell[] {
  return [
    g.group,
    g.assets,
    g.compliant,
    g.notAssessed,
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

/** The assets no loaded advisory could judge, with why. */
export function notAssessedTable(r: ComplianceReport): Tabular {
  return {
    title: 'Not assessed',
    columns: [col('asset', 'Asset', 'name'), col('platform', 'Platform'), col('reason', 'Reason')],
    rows: r.notAssessed.map((n) => [n.asset, n.platform, n.reason]),
  };
}

/** Figures per group, then the `(all)` total row. Every figure: what CSV carries. */
export function complianceTable(r: ComplianceReport): Tabular {
  return {
    title: `Compliance by ${r.by}`,
    columns: complianceColumns,
    rows: [...r.groups.map(complianceRow), complianceRow(r.total)],
  };
}

/**
 * Every figure, as people read it in HTML: the oldest overdue finding in one cell (asset,
 * advisory, due) so the table fits a page.
 */
export function complianceHtmlTable(r: ComplianceReport): Tabular {
  const oldest = complianceColumns.findIndex((c) => c.key === 'oldest_overdue_asset');
  const row = (g: GroupFigures): Cell[] => {
    const o = g.oldestOverdue;
    return [
      ...complianceRow(g).slice(0, oldest),
      o ? `${o.asset} · ${o.advisory} · due ${shortTime(o.due)}` : null,
    ];
  };
  return {
    title: `Compliance by ${r.by}`,
    columns: [...complianceColumns.slice(0, oldest), col('oldest_overdue', 'Oldest overdue')],
    rows: [...r.groups.map(row), row(r.total)],
  };
}

/** The compliance table narrowed to what fits a terminal. */
export function complianceSummaryTable(r: ComplianceReport): Tabular {
  const row = (g: GroupFigures): Cell[] => [
    g.group,
    g.assets,
    g.compliant,
    g.notAssessed,
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
    columns: [
      col('group', 'Group', 'name'),
      col('assets', 'Assets', 'count'),
      col('compliant', 'Compliant', 'count'),
      col('not_assessed', 'Not assessed', 'count'),
      col('at_risk', 'At risk', 'count'),
      col('overdue_assets', 'Overdue', 'count'),
      col('open_c_h_m_l', 'Open C/H/M/L'),
      col('overdue_findings', 'Overdue findings', 'count'),
      col('waived', 'Waived', 'count'),
      col('fixed', 'Fixed', 'count'),
      col('sla_adherence_pct', 'SLA adherence', 'pct'),
      col('oldest_overdue', 'Oldest overdue'),
    ],
    rows: [...r.groups.map(row), row(r.total)],
  };
}

/** Mean time to remediate per tier and severity, in days (one decimal). */
export function mttrTable(r: ComplianceReport): Tabular {
  return {
    title: 'Mean time to remediate',
    columns: [
      col('tier', 'Tier', 'name'),
      col('severity', 'Severity', 'severity'),
      col('fixed', 'Fixed', 'count'),
      col('mttr_days', 'MTTR (days)', 'days'),
    ],
    rows: r.mttr.map((m) => [
      m.tier,
      m.severity,
      m.fixed,
      Math.round((m.meanHours / 24) * 10) / 10,
    ]),
  };
}

export const overdueColumns: readonly Column[] = [
  col('asset', 'Asset'),
  col('kind', 'Kind'),
  col('tier', 'Tier'),
  col('image', 'Image'),
  col('state', 'State', 'state'),
  col('severity', 'Severity', 'severity'),
  col('advisory', 'Advisory'),
  col('cves', 'CVEs'),
  col('package', 'Package'),
  col('origin', 'Origin', 'state'),
  col('first_seen', 'First seen', 'time'),
  col('clock_start', 'Clock start', 'time'),
  col('clock_from', 'Clock from'),
  col('due', 'Due', 'time'),
  col('freeze', 'Freeze'),
  col('no_window', 'No window before due', 'yes-no'),
];

export function overdueTable(r: ComplianceReport): Tabular {
  return {
    title: 'Overdue and due-soon findings',
    columns: overdueColumns,
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
      f.clockStart,
      f.clockFrom,
      f.due,
      f.freeze,
      f.noWindow ? 'yes' : 'no',
    ]),
  };
}

export function waiverTable(r: ComplianceReport): Tabular {
  return {
    title: 'Waivers',
    columns: [
      col('waiver', 'Waiver', 'name'),
      col('status', 'Status', 'state'),
      col('owner', 'Owner'),
      col('approver', 'Approver'),
      col('created', 'Created'),
      col('expires', 'Expires'),
      col('days_left', 'Days left', 'count'),
      col('findings_waived', 'Findings waived', 'count'),
      col('reopened_by_expiry', 'Reopened by expiry', 'count'),
      col('unused', 'Unused', 'yes-no'),
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
    columns: [
      kind === 'advisory' ? col('advisory', 'Advisory') : col('cve', 'CVE'),
      kind === 'advisory' ? col('cves', 'CVEs') : col('advisories', 'Advisories'),
      col('severity', 'Severity', 'severity'),
      col('hosts', 'Hosts', 'count'),
      col('images', 'Images', 'count'),
      col('inherited', 'Inherited', 'count'),
      col('introduced', 'Introduced', 'count'),
      col('blast_radius', 'Blast radius', 'count'),
      col('affected_images', 'Affected images'),
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
    columns: [
      col('day', 'Day'),
      col('group', 'Group', 'name'),
      col('assets', 'Assets', 'count'),
      col('compliant', 'Compliant', 'count'),
      col('at_risk', 'At risk', 'count'),
      col('overdue_assets', 'Overdue', 'count'),
      col('overdue_findings', 'Overdue findings', 'count'),
      col('sla_adherence_pct', 'SLA adherence', 'pct'),
      col('policy_hash', 'Policy', 'hash'),
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

/** What `report snapshot` prints: the day recorded and how many group rows. */
export function snapshotTable(s: { day: string; rows: number; taken: boolean }): Tabular {
  return {
    title: 'Snapshot',
    columns: [
      col('day', 'Day'),
      col('rows', 'Group rows', 'count'),
      col('taken', 'Taken', 'yes-no'),
    ],
    rows: [[s.day, s.rows, s.taken]],
  };
}
