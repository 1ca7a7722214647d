import { describe, expect, it } from 'vitest';
import type { Waiver } from '../../../policy/index.js';
import type { FeedFreshness } from '../../feeds.js';
import type { AtRiskFinding } from '../../report-types.js';
import {
  detectExpiringWaivers,
  detectFeedProblems,
  detectNewExposures,
  detectSlaChanges,
  type OpenFinding,
} from './index.js';

const now = new Date('2026-12-07T10:00:00.000Z');

const finding = (over: Partial<OpenFinding> = {}): OpenFinding => ({
  assetId: 'a1',
  asset: 'web-01',
  kind: 'host',
  tier: 'prod',
  advisory: 'DSA-1',
  package: 'openssl',
  installed: '3.0.11',
  fixed: '3.0.13',
  severity: 'high',
  status: 'open',
  cves: ['CVE-2024-1'],
  origin: 'host',
  firstSeen: '2026-12-07T09:00:00.000Z',
  ...over,
});

const atRisk = (over: Partial<AtRiskFinding> = {}): AtRiskFinding => ({
  asset: 'web-01',
  kind: 'host',
  tier: 'prod',
  image: null,
  state: 'overdue',
  severity: 'critical',
  advisory: 'DSA-1',
  cves: ['CVE-2024-1'],
  package: 'openssl',
  origin: 'host',
  firstSeen: '2026-11-01T00:00:00.000Z',
  clockStart: '2026-11-01T00:00:00.000Z',
  clockFrom: 'fixReleased',
  due: '2026-11-04T00:00:00.000Z',
  freeze: null,
  noWindow: false,
  ...over,
});

const waiver = (id: string, expires: string, created = '2026-11-01'): Waiver => ({
  id,
  scope: { package: 'openssl' },
  reason: 'r',
  compensatingControl: 'c',
  owner: 'alice',
  approver: 'bob',
  created,
  expires,
});

const feed = (over: Partial<FeedFreshness> = {}): FeedFreshness => ({
  source: 'debian',
  lastSuccessAt: '2026-12-07T06:00:00.000Z',
  lastAttemptAt: '2026-12-07T06:00:00.000Z',
  lastError: null,
  ageSeconds: 4 * 3600,
  stale: false,
  advisories: 10,
  newestAdvisory: null,
  documentDate: null,
  dataAgeSeconds: null,
  ...over,
});

describe('app/notify/detect', () => {
  it.each([
    ['seen an hour ago', '2026-12-07T09:00:00.000Z', true],
    ['seen exactly a day ago', '2026-12-06T10:00:00.000Z', true],
    ['seen a day and a second ago (old news)', '2026-12-06T09:59:59.000Z', false],
    ['dated after now', '2026-12-07T10:00:01.000Z', false],
  ])('announces a finding %s as new: %s', (_name, firstSeen, announced) => {
    const got = detectNewExposures([finding({ firstSeen })], now);

    expect(got.length === 1).toBe(announced);
  });

  it('keys a new exposure by its clock and carries severity and tier for filters', () => {
    const [d] = detectNewExposures(
      [finding({ assetId: 'img-1', asset: 'base@1', kind: 'image' })],
      now,
    );

    expect(d).toMatchObject({
      type: 'io.patchline.exposure.new',
      key: 'img-1/DSA-1/openssl',
      subject: 'image/base@1',
      data: { severity: 'high', tier: 'prod', advisory: 'DSA-1', cves: ['CVE-2024-1'] },
    });
  });

  it.each([
    ['overdue', 'io.patchline.sla.breached'],
    ['due-soon', 'io.patchline.sla.due-soon'],
  ] as const)('turns a %s row into %s, keyed with its due date', (state, type) => {
    const [d] = detectSlaChanges([atRisk({ state })]);

    expect(d).toMatchObject({
      type,
      key: 'web-01/DSA-1/openssl@2026-11-04T00:00:00.000Z',
      subject: 'asset/web-01',
      data: { state, severity: 'critical', tier: 'prod', due: '2026-11-04T00:00:00.000Z' },
    });
  });

  it('ignores rows that are neither overdue nor due soon', () => {
    expect(detectSlaChanges([atRisk({ state: 'within-sla' })])).toEqual([]);
  });

  it.each([
    ['lapses in 7 days', '2026-12-14', true],
    ['lapses tomorrow', '2026-12-08', true],
    ['lapses in 8 days', '2026-12-15', false],
    ['already expired', '2026-12-07', false],
  ])('warns of a waiver that %s: %s', (_name, expires, warned) => {
    const got = detectExpiringWaivers([waiver('W-1', expires)], now);

    expect(got.map((d) => d.key)).toEqual(warned ? [`W-1@${expires}`] : []);
  });

  it('does not warn of a waiver not yet in force', () => {
    expect(detectExpiringWaivers([waiver('W-2', '2026-12-10', '2026-12-08')], now)).toEqual([]);
  });

  it.each([
    ['a healthy feed', feed(), []],
    [
      'a failed attempt after the last success',
      feed({ lastAttemptAt: '2026-12-07T09:00:00.000Z', lastError: 'HTTP 503' }),
      ['io.patchline.feed.failed debian@2026-12-07T06:00:00.000Z'],
    ],
    [
      'a feed that never succeeded',
      feed({ lastSuccessAt: null, lastError: 'DNS', stale: true, advisories: 0 }),
      ['io.patchline.feed.failed debian@never'],
    ],
    [
      'a stale feed in use',
      feed({ stale: true, ageSeconds: 72 * 3600, lastSuccessAt: '2026-12-04T10:00:00.000Z' }),
      ['io.patchline.feed.stale debian@2026-12-04T10:00:00.000Z'],
    ],
    [
      'a known feed never configured',
      feed({ lastSuccessAt: null, lastAttemptAt: null, stale: true, advisories: 0 }),
      [],
    ],
  ])('reports %s', (_name, f, expected) => {
    const got = detectFeedProblems([f]).map((d) => `${d.type} ${d.key}`);

    expect(got).toEqual(expected);
  });
});
