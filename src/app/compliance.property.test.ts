import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../domain/advisory.js';
import type { FindingStatus } from '../engine/types.js';
import { assignImageTier, assignTier, loadPolicy } from '../policy/index.js';
import { createSlaEvaluator, type ClockRow, type GroupBy } from '../policy/sla/index.js';
import { policyText } from '../policy/testing.js';
import { computeCompliance, type AssetMeta, type EvaluatedAsset } from './compliance.js';

const day = 86_400_000;
const base = Date.parse('2026-10-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const date = (ms: number) => iso(ms).slice(0, 10);
const advisories = ['A1', 'A2', 'A3', 'A4'];
const packages = ['p1', 'p2', 'p3'];
const severityOf: Record<string, Severity> = {
  A1: 'critical',
  A2: 'high',
  A3: 'medium',
  A4: 'low',
};
const spans = ['1d', '3d', '7d', '30d'];
// Deadlines never shorten as severity drops (a policy check); draw four and sort them.
const perSeverity = fc
  .array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 })
  .map((xs) => xs.sort((a, b) => a - b).map((x) => spans[x]!))
  .map(([critical, high, medium, low]) => ({ critical, high, medium, low }));

const waiverArb = fc.record({
  who: fc.oneof(
    fc.record({
      assets: fc.array(fc.constantFrom('h0', 'h1', 'h2', 'h3', 'h4', 'h5'), { minLength: 1 }),
    }),
    fc.record({
      selector: fc.record({ match: fc.record({ env: fc.constantFrom('prod', 'dev') }) }),
    }),
    fc.record({ image: fc.constantFrom('img0', 'img1') }),
  ),
  what: fc.oneof(
    fc.record({ advisory: fc.constantFrom(...advisories) }),
    fc.record({ package: fc.constantFrom(...packages) }),
  ),
  start: fc.integer({ min: 0, max: 80 }),
  length: fc.integer({ min: 1, max: 40 }),
});

const policyArb = fc.record({
  prod: perSeverity,
  dev: perSeverity,
  countNoFix: fc.boolean(),
  freeze: fc.record({
    start: fc.integer({ min: 0, max: 100 }),
    length: fc.integer({ min: 1, max: 20 }),
  }),
  allow: fc.subarray(['critical', 'high'] as const),
  waivers: fc.array(waiverArb, { maxLength: 4 }),
});

const keyArb = fc.record({
  advisory: fc.constantFrom(...advisories),
  package: fc.constantFrom(...packages),
});
const statusArb = fc.constantFrom<FindingStatus>(
  'open',
  'open',
  'no-fix-yet',
  'fixed-pending-reboot',
);
const fleetArb = fc.record({
  images: fc.array(
    fc.uniqueArray(keyArb, { selector: (k) => k.advisory + k.package, maxLength: 6 }),
    { minLength: 1, maxLength: 2 },
  ),
  hosts: fc.array(
    fc.record({
      image: fc.option(fc.integer({ min: 0, max: 1 })),
      env: fc.option(fc.constantFrom('prod', 'dev')),
      keep: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      mode: fc.constantFrom('share', 'drift', 'flat'),
      readd: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      own: fc.uniqueArray(keyArb, { selector: (k) => k.advisory + k.package, maxLength: 4 }),
      status: statusArb,
    }),
    { maxLength: 8 },
  ),
  firstSeen: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 40, maxLength: 40 }),
  fixed: fc.array(keyArb, { maxLength: 3 }),
  now: fc.integer({ min: 20 * day, max: 120 * day }),
  by: fc.constantFrom<GroupBy>({ kind: 'tier' }, { kind: 'image' }, { kind: 'label', key: 'env' }),
});

type PolicyInput = typeof policyArb extends fc.Arbitrary<infer T> ? T : never;

function makePolicy(p: PolicyInput) {
  const tier = (name: string, d: typeof p.prod) => ({
    name,
    deadlines: d,
    countNoFix: p.countNoFix,
    maxWaiver: '52w',
  });
  const doc = {
    version: 1,
    tiers: [tier('prod', p.prod), tier('dev', p.dev)],
    assignment: { rules: [{ tier: 'prod', selector: { match: { env: 'prod' } } }], default: 'dev' },
    windows: [
      {
        name: 'sun',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        start: '2026-01-04T02:30',
        duration: '2h',
        timezone: 'Europe/Berlin',
        tiers: ['prod'],
      },
    ],
    freezes: [
      {
        name: 'f',
        from: date(base + p.freeze.start * day),
        to: date(base + (p.freeze.start + p.freeze.length) * day),
        timezone: 'Europe/Berlin',
        reason: 'r',
        allow: p.allow,
      },
    ],
    waivers: p.waivers.map((w, i) => ({
      id: `W${i}`,
      scope: { ...w.who, ...w.what },
      reason: 'r',
      compensatingControl: 'c',
      owner: 'o',
      approver: 'a',
      created: date(base + w.start * day),
      expires: date(base + (w.start + w.length) * day),
    })),
  };
  return loadPolicy({ text: policyText(doc) });
}

describe('app/compliance', () => {
  it('never loses or double-counts a finding, whatever the waivers, windows, freezes and tiers', () => {
    fc.assert(
      fc.property(policyArb, fleetArb, (pa, fa) => {
        const policy = makePolicy(pa);
        const now = new Date(base + fa.now);
        const assets: AssetMeta[] = fa.images.map((_, i) => ({
          id: `I${i}`,
          kind: 'image',
          name: `img${i}`,
          labels: {},
          platform: 'debian:12',
          clonedFrom: null,
        }));
        const evaluation: EvaluatedAsset[] = [];
        const live: {
          asset: AssetMeta;
          advisory: string;
          package: string;
          status: FindingStatus;
          owner: string;
        }[] = [];
        const finding = (
          k: { advisory: string; package: string },
          status: FindingStatus,
          origin: string | null,
        ) => ({
          ...k,
          cves: [`CVE-2099-000${k.advisory.slice(1)}`],
          severity: severityOf[k.advisory]!,
          status,
          origin,
        });
        const imageLists = fa.images.map((keys) => keys.map((k) => finding(k, 'open', 'image')));
        fa.images.forEach((keys, i) => {
          evaluation.push({ asset: `img${i}`, findings: imageLists[i]! });
          for (const k of keys) {
            live.push({ asset: assets[i]!, ...k, status: 'open', owner: `I${i}` });
          }
        });
        fa.hosts.forEach((h, i) => {
          const img = h.image !== null && h.image < fa.images.length ? h.image : null;
          const meta: AssetMeta = {
            id: `H${i}`,
            kind: 'host',
            name: `h${i}`,
            labels: h.env ? { env: h.env } : {},
            platform: 'debian:12',
            clonedFrom: img === null ? null : `I${img}`,
          };
          assets.push(meta);
          // share: inherits the whole image; drift: all but the packages it neither kept nor
          // re-added; flat: every finding listed with its origin.
          const mode = img === null ? 'flat' : h.mode;
          const keys = img === null ? [] : fa.images[img]!;
          const kept = keys.filter((_, j) => mode === 'share' || h.keep[j] || h.readd[j]);
          const taken = new Set(kept.map((k) => k.advisory + k.package));
          const own = h.own.filter((k) => !taken.has(k.advisory + k.package));
          const ownFindings = own.map((k) =>
            finding(k, h.status, img === null ? null : 'introduced'),
          );
          const except = new Set(
            keys
              .filter((_, j) => mode === 'drift' && !h.keep[j] && !h.readd[j])
              .map((k) => `${k.advisory}\u0000${k.package}`),
          );
          evaluation.push(
            mode === 'flat'
              ? {
                  asset: meta.name,
                  findings: [...kept.map((k) => finding(k, h.status, 'inherited')), ...ownFindings],
                }
              : {
                  asset: meta.name,
                  findings: ownFindings,
                  inherits: { image: `img${img}`, except },
                },
          );
          for (const k of kept) {
            const status = mode === 'flat' ? h.status : 'open';
            live.push({ asset: meta, ...k, status, owner: meta.clonedFrom! });
          }
          for (const k of own) live.push({ asset: meta, ...k, status: h.status, owner: meta.id });
        });
        let n = 0;
        const clocks: ClockRow[] = [];
        const seen = new Set<string>();
        for (const f of live) {
          const key = `${f.owner}/${f.advisory}/${f.package}`;
          if (seen.has(key)) continue;
          seen.add(key);
          clocks.push({
            assetId: f.owner,
            advisory: f.advisory,
            package: f.package,
            severity: severityOf[f.advisory]!,
            firstSeen: iso(base + fa.firstSeen[n++ % 40]! * day),
            fixedAt: null,
          });
        }
        for (const [i, k] of fa.fixed.entries()) {
          clocks.push({
            assetId: `I${i % fa.images.length}`,
            advisory: `F${i}`,
            package: k.package,
            severity: severityOf[k.advisory]!,
            firstSeen: iso(base),
            fixedAt: iso(base + 5 * day),
          });
        }

        const report = computeCompliance(assets, evaluation, clocks, {
          policy,
          now,
          by: fa.by,
          dueSoonMs: 2 * day,
        });

        const t = report.total;
        const open = Object.values(t.open).reduce((a, b) => a + b, 0);
        expect(open + t.waived + t.pendingReboot + t.notCounted).toBe(live.length);
        expect(t.fixed).toBe(fa.fixed.length);
        expect(t.compliant + t.atRisk + t.overdueAssets).toBe(assets.length);
        expect(report.atRisk.length).toBe(t.overdue + t.dueSoon);
        expect(report.atRiskTotal).toBe(t.overdue + t.dueSoon);
        for (const k of [
          'assets',
          'overdue',
          'dueSoon',
          'waived',
          'fixed',
          'notCounted',
        ] as const) {
          expect(report.groups.reduce((s, g) => s + g[k], 0)).toBe(t[k]);
        }
        // The shared per-image results and per-asset waiver narrowing change nothing.
        const sla = createSlaEvaluator(policy, { now, dueSoonMs: 2 * day, windows: true });
        const hostTiers = assets
          .filter((a) => a.kind === 'host')
          .map((a) => ({ a, tier: assignTier(policy, a.labels) }));
        const tierOf = (a: AssetMeta) =>
          a.kind === 'host'
            ? assignTier(policy, a.labels)
            : assignImageTier(
                policy,
                a.labels,
                hostTiers.filter((h) => h.a.clonedFrom === a.id).map((h) => h.tier),
              );
        const counts = new Map<string, number>();
        for (const f of live) {
          const imageName =
            f.asset.kind === 'image'
              ? f.asset.name
              : assets.find((a) => a.id === f.asset.clonedFrom)?.name;
          const clock = clocks.find(
            (c) => c.assetId === f.owner && c.advisory === f.advisory && c.package === f.package,
          )!;
          const r = sla.stateOf({
            asset: {
              name: f.asset.name,
              labels: f.asset.labels,
              ...(imageName !== undefined && { image: imageName }),
            },
            tier: tierOf(f.asset),
            advisory: f.advisory,
            cves: [`CVE-2099-000${f.advisory.slice(1)}`],
            package: f.package,
            severity: severityOf[f.advisory]!,
            status: f.status,
            firstSeen: Date.parse(clock.firstSeen),
          });
          counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
        }
        expect(t.overdue).toBe(counts.get('overdue') ?? 0);
        expect(t.dueSoon).toBe(counts.get('due-soon') ?? 0);
        expect(t.waived).toBe(counts.get('waived') ?? 0);
        expect(t.notCounted).toBe(counts.get('not-counted') ?? 0);
      }),
      { numRuns: 200 },
    );
  });
});
