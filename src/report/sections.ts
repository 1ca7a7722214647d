import type { ComplianceReport } from '../app/compliance.js';
import type { HtmlSection } from './html.js';
import {
  complianceSummaryTable,
  complianceTable,
  mttrTable,
  overdueTable,
  waiverTable,
  type Tabular,
} from './tables.js';

/**
 * The compliance report's sections: figures per group with a bar chart, MTTR, waivers and the
 * overdue list. `compact` (terminal tables) narrows the figures and lists 20 overdue findings.
 */
export function complianceSections(r: ComplianceReport, compact: boolean): HtmlSection[] {
  const table: Tabular = compact ? complianceSummaryTable(r) : complianceTable(r);
  return [
    {
      table,
      chart: {
        kind: 'bars',
        title: 'Assets by compliance',
        series: [
          { name: 'compliant', color: '#2e9d5b' },
          { name: 'at risk', color: '#e0a526' },
          { name: 'overdue', color: '#d2463c' },
        ],
        bars: r.groups.map((g) => ({
          label: g.group,
          values: [g.compliant, g.atRisk, g.overdueAssets],
        })),
      },
    },
    { table: mttrTable(r) },
    { table: waiverTable(r) },
    { table: compact ? firstRows(overdueTable(r), 20) : overdueTable(r) },
  ];
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

/** The one-line compliance summary (also what `demo` prints). */
export function summaryLine(r: ComplianceReport): string {
  const t = r.total;
  const adherence = t.adherencePct === null ? 'n/a' : `${t.adherencePct}%`;
  return `${t.assets} assets: ${t.compliant} compliant, ${t.atRisk} at risk, ${t.overdueAssets} overdue; ${t.overdue} findings overdue, ${t.waived} waived; SLA adherence ${adherence}; policy ${r.policyHash.slice(0, 12)}`;
}
