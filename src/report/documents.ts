import type { ComplianceReport, ExposureRow, TrendPoint } from '../app/report-types.js';
import { severityOrder } from '../domain/advisory.js';
import { complianceHeadline, complianceLede, complianceSubtitle } from './headline.js';
import type { Figure, HtmlReport } from './html.js';
import {
  complianceSections,
  count,
  notAssessedSections,
  overdueSection,
  waiversSection,
} from './sections.js';
import { exposureTable, shortTime, trendTable } from './tables.js';

/** Where the report's figures came from: shown under the headline. */
export interface Provenance {
  readonly policyFiles?: readonly string[];
}

function complianceMeta(r: ComplianceReport, p: Provenance): Record<string, string> {
  return {
    'as of': r.at,
    'policy sha256': r.policyHash,
    ...(p.policyFiles?.length ? { 'policy files': p.policyFiles.join(', ') } : {}),
    'grouped by': r.by,
    'SLA clock start': r.clockRule,
    times: 'UTC',
  };
}

/** `report compliance --format html`: headline, figures per group, MTTR, waivers, overdue. */
export function complianceDocument(r: ComplianceReport, p: Provenance = {}): HtmlReport {
  return {
    title: 'Patchline compliance report',
    subtitle: complianceSubtitle(r, p.policyFiles),
    lede: complianceLede(r),
    headline: complianceHeadline(r),
    meta: complianceMeta(r, p),
    sections: complianceSections(r, false),
  };
}

/** `report overdue --format html`: the headline, then the overdue findings per asset. */
export function overdueDocument(r: ComplianceReport, p: Provenance = {}): HtmlReport {
  return {
    title: 'Patchline overdue findings',
    subtitle: complianceSubtitle(r, p.policyFiles),
    lede: complianceLede(r),
    headline: complianceHeadline(r),
    meta: complianceMeta(r, p),
    sections: [...notAssessedSections(r), overdueSection(r)],
  };
}

/** `report waivers --format html`: waiver counts, then every waiver. */
export function waiversDocument(r: ComplianceReport, p: Provenance = {}): HtmlReport {
  const w = r.waivers;
  const by = (s: string) => w.filter((x) => x.status === s).length;
  const unused = w.filter((x) => x.unused).length;
  const headline: Figure[] = [
    { label: 'Waivers', value: String(w.length), detail: 'in the policy' },
    { label: 'Active', value: String(by('active')), detail: `${by('future')} not yet started` },
    {
      label: 'Unused',
      value: String(unused),
      detail: 'active, waiving nothing',
      tone: unused > 0 ? 'warn' : undefined,
    },
    {
      label: 'Findings waived',
      value: String(w.reduce((n, x) => n + x.findings, 0)),
      detail: 'by active waivers',
    },
    {
      label: 'Reopened by expiry',
      value: String(w.reduce((n, x) => n + x.reopened, 0)),
      detail: `findings, from ${count(by('expired'), 'expired waiver')}`,
    },
  ];
  return {
    title: 'Patchline waiver report',
    subtitle: complianceSubtitle(r, p.policyFiles),
    headline,
    meta: complianceMeta(r, p),
    sections: [waiversSection(r)],
  };
}

/** `report exposure --format html`: reach per advisory (or CVE) with blast radius, then the other view. */
export function exposureDocument(
  x: { readonly advisories: readonly ExposureRow[]; readonly cves: readonly ExposureRow[] },
  perCve: boolean,
  at?: string,
): HtmlReport {
  const main = perCve ? x.cves : x.advisories;
  const bySeverity = severityOrder
    .map((s) => [s, x.advisories.filter((a) => a.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const widest = [...x.advisories].sort((a, b) => b.hosts - a.hosts)[0];
  const blast = [...x.advisories].sort((a, b) => b.blastRadius - a.blastRadius)[0];
  const headline: Figure[] = [
    { label: 'Advisories', value: String(x.advisories.length), detail: bySeverity || 'none open' },
    { label: 'CVEs', value: String(x.cves.length), detail: 'open on some asset' },
  ];
  if (widest) {
    headline.push({ label: 'Widest reach', value: count(widest.hosts, 'host'), detail: widest.id });
  }
  if (blast && blast.blastRadius > 0) {
    headline.push({
      label: 'Largest blast radius',
      value: count(blast.blastRadius, 'clone'),
      detail: `${blast.id} via ${blast.affectedImages.join(', ')}`,
      tone: 'warn',
    });
  }
  const top = main.slice(0, 20);
  return {
    title: 'Patchline exposure report',
    ...(at
      ? { subtitle: `As of ${shortTime(at)} UTC · ${perCve ? 'per CVE' : 'per advisory'}` }
      : {}),
    headline,
    meta: {},
    sections: [
      {
        table: exposureTable(perCve ? 'cve' : 'advisory', main),
        notes: [
          'Hosts: hosts carrying it. Inherited: hosts that have it from their image version; ' +
            'introduced: hosts that have it on their own. Blast radius: hosts cloned from an ' +
            'affected image version, fixed or not, since every new clone brings it back.',
        ],
        empty: 'No advisory is open on any asset.',
        chart: {
          kind: 'bars',
          title: 'Hosts exposed and blast radius',
          series: [
            { name: 'hosts exposed', color: '#c53030' },
            { name: 'images', color: '#6e59c7' },
            { name: 'blast radius', color: '#b7791f' },
          ],
          bars: top.map((e) => ({ label: e.id, values: [e.hosts, e.images, e.blastRadius] })),
        },
      },
      {
        table: exposureTable(perCve ? 'advisory' : 'cve', perCve ? x.advisories : x.cves),
        empty: 'No CVE is open on any asset.',
      },
    ],
  };
}

/** `report trend --format html`: the recorded history with an adherence line for the fleet. */
export function trendDocument(groupKind: string, points: readonly TrendPoint[]): HtmlReport {
  const days = [...new Set(points.map((p) => p.day))];
  const headline: Figure[] = [
    {
      label: 'Days recorded',
      value: String(days.length),
      detail: days.length > 0 ? `${days[0]} to ${days.at(-1)}` : 'no snapshot yet',
    },
  ];
  const fleet = groupKind === 'all' ? points : [];
  const first = fleet[0];
  const last = fleet.at(-1);
  if (first && last) {
    const change =
      first.adherencePct !== null && last.adherencePct !== null && fleet.length > 1
        ? `${signed(last.adherencePct - first.adherencePct)} points since ${first.day}`
        : `on ${last.day}`;
    headline.push(
      {
        label: 'SLA adherence',
        value: last.adherencePct === null ? 'n/a' : `${last.adherencePct}%`,
        detail: change,
      },
      {
        label: 'Overdue findings',
        value: String(last.overdue),
        detail:
          fleet.length > 1 ? `${signed(last.overdue - first.overdue)} since ${first.day}` : '',
        tone: last.overdue > 0 ? 'bad' : 'good',
      },
      {
        label: 'Overdue assets',
        value: `${last.overdueAssets} of ${last.assets}`,
        detail: last.day,
      },
    );
  }
  return {
    title: 'Patchline compliance trend',
    subtitle: `Recorded daily snapshots · ${groupKind === 'all' ? 'whole fleet' : `by ${groupKind}`}`,
    headline,
    meta: { 'group kind': groupKind },
    sections: [
      {
        table: trendTable(points),
        notes: ['Figures as recorded each day (by evaluate or report snapshot), never recomputed.'],
        empty: 'No daily snapshot recorded yet: evaluate or `report snapshot` records one.',
        chart: {
          kind: 'line',
          title: 'SLA adherence over time',
          points: fleet.map((p) => ({ x: p.day, y: p.adherencePct })),
        },
      },
    ],
  };
}

function signed(n: number): string {
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : String(r);
}
