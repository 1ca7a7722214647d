import type { Severity } from '../domain/advisory.js';
import { severityOrder } from '../domain/advisory.js';
import type { ComplianceReport } from '../app/report-types.js';
import { severityColor, stateColor, type BarChart } from './charts.js';
import type { HtmlSection } from './html.js';
import {
  complianceHtmlTable,
  complianceSummaryTable,
  mttrTable,
  notAssessedTable,
  overdueTable,
  shortTime,
  waiverTable,
  type Tabular,
} from './tables.js';

/** How many assets the per-asset overdue chart shows. */
const chartAssets = 20;

/**
 * The compliance report's sections: figures per group with a bar chart, MTTR, waivers and the
 * overdue findings. `compact` (terminal tables) narrows the figures and lists 20 overdue
 * findings; otherwise (HTML) every figure, notes that explain them, and the overdue findings
 * grouped per asset.
 */
export function complianceSections(r: ComplianceReport, compact: boolean): HtmlSection[] {
  return [
    ...notAssessedSections(r),
    figuresSection(r, compact),
    mttrSection(r),
    waiversSection(r),
    compact ? { ...overdueSection(r), table: firstRows(overdueTable(r), 20) } : overdueSection(r),
  ];
}

/**
 * The assets nothing could be checked on, first and apart (none when every asset was judged):
 * no finding there means no data, not compliance.
 */
export function notAssessedSections(r: ComplianceReport): HtmlSection[] {
  if (r.notAssessed.length === 0) return [];
  return [
    {
      table: notAssessedTable(r),
      notes: [
        `${count(r.notAssessed.length, 'asset')} could not be judged: no loaded feed covers the platform, or the inventory names none. They count in no compliant figure.`,
      ],
    },
  ];
}

export function figuresSection(r: ComplianceReport, compact: boolean): HtmlSection {
  return {
    table: compact ? complianceSummaryTable(r) : complianceHtmlTable(r),
    totalRow: true,
    notes: [
      'Compliant: assessed, and no finding overdue or due soon. Not assessed: no loaded feed ' +
        'covers the platform, so nothing was checked. At risk: a finding due soon, none overdue. ' +
        'Overdue: at least one finding past its SLA due date. SLA adherence: of the findings ' +
        'with a due date, the share fixed by it or still open within it.',
    ],
    chart: {
      kind: 'bars',
      title: 'Assets by compliance',
      series: [
        { name: 'compliant', color: stateColor.compliant },
        { name: 'at risk', color: stateColor.atRisk },
        { name: 'overdue', color: stateColor.overdue },
      ],
      bars: r.groups.map((g) => ({
        label: g.group,
        values: [g.compliant, g.atRisk, g.overdueAssets],
      })),
    },
  };
}

export function mttrSection(r: ComplianceReport): HtmlSection {
  const asOf = `${shortTime(r.at)} UTC`;
  return {
    table: mttrTable(r),
    notes:
      r.mttr.length > 0
        ? [`Mean time from first seen to fixed, over the findings fixed up to ${asOf}.`]
        : [],
    empty: `No finding was remediated in the recorded history up to ${asOf}, so MTTR is not defined.`,
  };
}

export function waiversSection(r: ComplianceReport): HtmlSection {
  const unused = r.waivers.filter((w) => w.unused);
  const expired = r.waivers.filter((w) => w.status === 'expired');
  const reopened = expired.reduce((n, w) => n + w.reopened, 0);
  const notes: string[] = [];
  if (unused.length > 0) {
    notes.push(
      `${count(unused.length, 'active waiver')} waive${unused.length === 1 ? 's' : ''} nothing: ${unused.map((w) => w.id).join(', ')}.`,
    );
  }
  if (expired.length > 0) {
    notes.push(
      `${count(expired.length, 'waiver')} expired; expiry reopened ${count(reopened, 'finding')}.`,
    );
  }
  return { table: waiverTable(r), notes, empty: 'The policy grants no waivers.' };
}

export function overdueSection(r: ComplianceReport): HtmlSection {
  const assets = count(new Set(r.atRisk.map((f) => f.asset)).size, 'asset');
  const order = 'assets in order of their soonest due finding, findings soonest due first.';
  const notes =
    r.atRiskTotal > r.atRisk.length
      ? [
          `${count(r.atRiskTotal, 'finding')} overdue or due soon; listing the ${r.atRisk.length} soonest due, on ${assets}; ${order}`,
        ]
      : [`${count(r.atRiskTotal, 'finding')} overdue or due soon on ${assets}; ${order}`];
  return {
    table: overdueTable(r),
    notes,
    empty: 'No finding is overdue or due soon.',
    groupBy: {
      keys: ['asset', 'kind', 'tier', 'image'],
      countBy: 'state',
      countOrder: ['overdue', 'due soon'],
      noun: 'finding',
    },
    chart: perAssetChart(r),
  };
}

/** Overdue and due-soon findings per asset by severity: the assets with the most first. */
function perAssetChart(r: ComplianceReport): BarChart {
  const per = new Map<string, Record<Severity, number>>();
  for (const f of r.atRisk) {
    const n = per.get(f.asset) ?? { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
    n[f.severity]++;
    per.set(f.asset, n);
  }
  const total = (n: Record<Severity, number>) => severityOrder.reduce((a, s) => a + n[s], 0);
  const top = [...per].sort((a, b) => total(b[1]) - total(a[1])).slice(0, chartAssets);
  return {
    kind: 'bars',
    title:
      per.size > chartAssets
        ? `Findings per asset, the ${chartAssets} assets with most`
        : 'Findings per asset',
    series: severityOrder.map((s) => ({ name: s, color: severityColor[s] })),
    bars: top.map(([asset, n]) => ({ label: asset, values: severityOrder.map((s) => n[s]) })),
  };
}

/** The first `n` rows, saying so in the title when some were left out. */
export function firstRows(t: Tabular, n: number): Tabular {
  if (t.rows.length <= n) return t;
  return {
    ...t,
    title: `${t.title} (first ${n}; \`report overdue\` lists them all)`,
    rows: t.rows.slice(0, n),
  };
}

/** `1 finding`, `3 findings`. */
export function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/**
 * Which clock-start rule is in force, and how many advisories fell back to detection for want
 * of a published date: `clocks from fix release (2 advisories undated: from detection)`.
 */
export function clockRuleText(r: ComplianceReport): string {
  const rule = r.clockRule === 'fixReleased' ? 'clocks from fix release' : 'clocks from detection';
  const n = r.undatedAdvisories;
  const undated =
    n > 0 ? ` (${n} ${n === 1 ? 'advisory' : 'advisories'} undated: from detection)` : '';
  return `${rule}${undated}`;
}

/** The one-line compliance summary (also what `demo` prints). */
export function summaryLine(r: ComplianceReport): string {
  const t = r.total;
  const adherence = t.adherencePct === null ? 'n/a' : `${t.adherencePct}%`;
  const unjudged = t.notAssessed > 0 ? `, ${t.notAssessed} not assessed` : '';
  return `${t.assets} assets: ${t.compliant} compliant${unjudged}, ${t.atRisk} at risk, ${t.overdueAssets} overdue; ${t.overdue} findings overdue, ${t.waived} waived; SLA adherence ${adherence}; ${clockRuleText(r)}; policy ${r.policyHash.slice(0, 12)}`;
}
