import { describe, expect, it } from 'vitest';
import type { AtRiskFinding, ComplianceReport } from '../app/report-types.js';
import type { GroupFigures } from '../policy/sla/index.js';
import {
  complianceDocument,
  exposureDocument,
  trendDocument,
  waiversDocument,
} from './documents.js';
import { renderHtml } from './html.js';

function figures(over: Partial<GroupFigures> = {}): GroupFigures {
  return {
    group: '(all)',
    assets: 4,
    compliant: 1,
    notAssessed: 0,
    atRisk: 1,
    overdueAssets: 2,
    open: { critical: 1, high: 2, medium: 0, low: 1, none: 0 },
    overdue: 3,
    dueSoon: 1,
    waived: 0,
    pendingReboot: 0,
    notCounted: 0,
    fixed: 0,
    oldestOverdue: {
      asset: 'web-01',
      advisory: 'DSA-1',
      package: 'openssl',
      due: '2026-11-04T09:00:00.000Z',
    },
    adherencePct: 62.5,
    ...over,
  };
}

function finding(
  asset: string,
  state: 'overdue' | 'due-soon',
  severity: 'critical' | 'high' | 'low',
) {
  const f: AtRiskFinding = {
    asset,
    kind: 'host',
    tier: 'prod',
    image: null,
    state,
    severity,
    advisory: `ADV-${asset}-${severity}`,
    cves: ['CVE-2026-0001'],
    package: 'openssl',
    origin: null,
    firstSeen: '2026-11-01T09:00:00.000Z',
    clockStart: '2026-11-01T09:00:00.000Z',
    clockFrom: 'detected',
    due: '2026-11-04T09:00:00.000Z',
    freeze: null,
    noWindow: false,
  };
  return f;
}

const report: ComplianceReport = {
  at: '2026-11-27T09:00:00.000Z',
  policyHash: 'f39827ddee39d9affa8b364869b2e16a5a28539818ed33cfad0ab40e30aab93a',
  clockRule: 'detected',
  undatedAdvisories: 0,
  by: 'tier',
  groups: [figures({ group: 'prod' })],
  total: figures(),
  mttr: [],
  atRisk: [
    finding('web-01', 'overdue', 'critical'),
    finding('web-01', 'overdue', 'high'),
    finding('db-01', 'overdue', 'high'),
    finding('web-01', 'due-soon', 'low'),
  ],
  atRiskTotal: 4,
  notAssessed: [],
  waivers: [
    {
      id: 'WVR-1',
      owner: 'alice',
      approver: 'bob',
      created: '2026-11-01',
      expires: '2026-12-01',
      status: 'active',
      findings: 0,
      reopened: 0,
      unused: true,
      daysLeft: 4,
    },
  ],
};

describe('report/documents', () => {
  it('opens the compliance report with the headline: assets, compliant / at risk / overdue, adherence, policy, as of', () => {
    const doc = complianceDocument(report, { policyFiles: ['policy.yaml'] });

    expect(doc.subtitle).toBe(
      'As of 2026-11-27 09:00 UTC · policy f39827ddee39 (policy.yaml) · grouped by tier · clocks from detection',
    );
    expect(doc.headline?.map((f) => [f.label, f.value])).toEqual([
      ['Assets', '4'],
      ['Compliant', '1'],
      ['At risk', '1'],
      ['Overdue', '2'],
      ['SLA adherence', '62.5%'],
      ['Waived', '0'],
      ['Oldest overdue', '23 days'],
    ]);
    expect(doc.lede).toBe(
      '2 of 4 assets (50%) have findings past their SLA due date: 3 findings overdue, the oldest due 2026-11-04 09:00 (web-01, DSA-1). SLA adherence is 62.5%.',
    );
  });

  it('says why MTTR is empty', () => {
    const html = renderHtml(complianceDocument(report));

    expect(html).toContain(
      '<p class="empty">No finding was remediated in the recorded history up to 2026-11-27 09:00 UTC, so MTTR is not defined.</p>',
    );
  });

  it('lists MTTR in days when findings were fixed', () => {
    const html = renderHtml(
      complianceDocument({
        ...report,
        mttr: [{ tier: 'prod', severity: 'high', fixed: 2, meanHours: 60 }],
      }),
    );

    expect(html).toContain('<th class="n">MTTR (days)</th>');
    expect(html).toContain('<td class="n">2.5</td>');
    expect(html).not.toContain('MTTR is not defined');
  });

  it('groups overdue findings by host with a count per host, and charts them by severity', () => {
    const html = renderHtml(complianceDocument(report));

    expect(
      [...html.matchAll(/<h3>(.*?)<span class="count">(.*?)<\/span>/g)].map(
        (m) => `${m[1]}: ${m[2]}`,
      ),
    ).toEqual(['web-01: 3 findings: 2 overdue, 1 due soon', 'db-01: 1 finding: 1 overdue']);
    expect(html).toContain('4 findings overdue or due soon on 2 assets');
    expect(html).toContain('aria-label="Findings per asset"');
    expect(html).toContain('<span class="sev sev-critical">critical</span>');
  });

  it('says when the overdue list is cut short, and counts assets only among those listed', () => {
    const html = renderHtml(complianceDocument({ ...report, atRiskTotal: 9000 }));

    expect(html).toContain(
      '9000 findings overdue or due soon; listing the 4 soonest due, on 2 assets;',
    );
  });

  it('orders the count per host overdue first', () => {
    const html = renderHtml(
      complianceDocument({
        ...report,
        atRisk: [finding('h', 'due-soon', 'low'), finding('h', 'overdue', 'high')],
      }),
    );

    expect(html).toContain('<span class="count">2 findings: 1 overdue, 1 due soon</span>');
  });

  it('uses words for column headers, never field names', () => {
    const html = renderHtml(complianceDocument(report));
    const headers = [...html.matchAll(/<th[^>]*>(?:<span[^>]*><\/span>)?([^<]*)<\/th>/g)].map(
      (m) => m[1]!,
    );

    expect(headers).toEqual(
      expect.arrayContaining(['At risk', 'Overdue', 'SLA adherence', 'Oldest overdue']),
    );
    expect(headers.filter((h) => /_|[a-z][A-Z]/.test(h))).toEqual([]);
  });

  it('tells unused waivers apart in the waiver report', () => {
    const doc = waiversDocument(report);

    expect(doc.headline?.find((f) => f.label === 'Unused')).toMatchObject({
      value: '1',
      tone: 'warn',
    });
    expect(renderHtml(doc)).toContain('1 active waiver waives nothing: WVR-1.');
  });

  it('heads exposure with the widest reach and trend with the change since the first day', () => {
    const row = {
      id: 'DSA-1',
      related: ['CVE-1'],
      severity: 'critical' as const,
      hosts: 5,
      images: 1,
      inherited: 4,
      introduced: 1,
      standalone: 0,
      blastRadius: 7,
      affectedImages: ['base@1'],
    };
    const x = exposureDocument({ advisories: [row], cves: [{ ...row, id: 'CVE-1' }] }, false);
    const day = (d: string, adherencePct: number, overdue: number) => ({
      day: d,
      group: '(all)',
      assets: 4,
      compliant: 2,
      notAssessed: 0,
      atRisk: 0,
      overdueAssets: 2,
      overdue,
      adherencePct,
      policyHash: 'f398',
    });
    const t = trendDocument('all', [day('2026-11-01', 50, 9), day('2026-11-02', 62.5, 3)]);

    expect(x.headline?.map((f) => `${f.label}: ${f.value} (${f.detail})`)).toEqual([
      'Advisories: 1 (1 critical)',
      'CVEs: 1 (open on some asset)',
      'Widest reach: 5 hosts (DSA-1)',
      'Largest blast radius: 7 clones (DSA-1 via base@1)',
    ]);
    expect(t.headline?.map((f) => `${f.label}: ${f.value} (${f.detail})`)).toEqual([
      'Days recorded: 2 (2026-11-01 to 2026-11-02)',
      'SLA adherence: 62.5% (+12.5 points since 2026-11-01)',
      'Overdue findings: 3 (-6 since 2026-11-01)',
      'Overdue assets: 2 of 4 (2026-11-02)',
    ]);
  });
});
