import type { ComplianceReport } from '../app/report-types.js';
import type { Figure } from './html.js';
import { clockRuleText, count } from './sections.js';
import { shortTime } from './tables.js';

const dayMs = 86_400_000;

function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;
}

/**
 * The figures at the top of a compliance report: assets, compliant / at risk / overdue, SLA
 * adherence, waived and the oldest overdue finding.
 */
export function complianceHeadline(r: ComplianceReport): Figure[] {
  const t = r.total;
  const figures: Figure[] = [
    {
      label: 'Assets',
      value: String(t.assets),
      detail: `in ${count(r.groups.length, 'group')} by ${r.by}`,
    },
    {
      label: 'Compliant',
      value: String(t.compliant),
      detail: `${pct(t.compliant, t.assets)} of assets`,
      tone: t.compliant === t.assets ? 'good' : undefined,
    },
    ...(t.notAssessed > 0
      ? [
          {
            label: 'Not assessed',
            value: String(t.notAssessed),
            detail: 'assets · no loaded feed covers them',
            tone: 'warn' as const,
          },
        ]
      : []),
    {
      label: 'At risk',
      value: String(t.atRisk),
      detail: `assets · ${count(t.dueSoon, 'finding')} due soon`,
      tone: t.atRisk > 0 ? 'warn' : undefined,
    },
    {
      label: 'Overdue',
      value: String(t.overdueAssets),
      detail: `assets · ${count(t.overdue, 'finding')} past due`,
      tone: t.overdueAssets > 0 ? 'bad' : 'good',
    },
    {
      label: 'SLA adherence',
      value: t.adherencePct === null ? 'n/a' : `${t.adherencePct}%`,
      detail: t.adherencePct === null ? 'no finding has a due date yet' : 'due dates met',
    },
    {
      label: 'Waived',
      value: String(t.waived),
      detail: `findings · ${count(r.waivers.filter((w) => w.status === 'active').length, 'active waiver')}`,
    },
  ];
  const oldest = t.oldestOverdue;
  if (oldest) {
    const days = Math.floor((Date.parse(r.at) - Date.parse(oldest.due)) / dayMs);
    figures.push({
      label: 'Oldest overdue',
      value: `${count(days, 'day')}`,
      detail: `${oldest.asset} · ${oldest.advisory} (due ${shortTime(oldest.due)})`,
      tone: 'bad',
    });
  }
  return figures;
}

/** One sentence saying what the compliance figures add up to. */
export function complianceLede(r: ComplianceReport): string {
  const t = r.total;
  const adherence =
    (t.adherencePct === null ? '' : ` SLA adherence is ${t.adherencePct}%.`) +
    (t.notAssessed > 0
      ? ` ${count(t.notAssessed, 'asset')} could not be assessed: no loaded feed covers ${t.notAssessed === 1 ? 'it' : 'them'}.`
      : '');
  if (t.overdueAssets === 0) {
    const risk =
      t.atRisk > 0
        ? `, though ${count(t.atRisk, 'asset')} ${t.atRisk === 1 ? 'has' : 'have'} findings due soon`
        : '';
    return `No finding is past its SLA due date on any of the ${count(t.assets, 'asset')}${risk}.${adherence}`;
  }
  const oldest = t.oldestOverdue
    ? `, the oldest due ${shortTime(t.oldestOverdue.due)} (${t.oldestOverdue.asset}, ${t.oldestOverdue.advisory})`
    : '';
  return `${t.overdueAssets} of ${count(t.assets, 'asset')} (${pct(t.overdueAssets, t.assets)}) have findings past their SLA due date: ${count(t.overdue, 'finding')} overdue${oldest}.${adherence}`;
}

/** As of when, under which policy, grouped how: the line under the title. */
export function complianceSubtitle(
  r: ComplianceReport,
  policyFiles: readonly string[] = [],
): string {
  const files = policyFiles.length > 0 ? ` (${policyFiles.join(', ')})` : '';
  return `As of ${shortTime(r.at)} UTC · policy ${r.policyHash.slice(0, 12)}${files} · grouped by ${r.by} · ${clockRuleText(r)}`;
}
