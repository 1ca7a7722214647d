/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the table edits untyped policy documents */
import { describe, expect, it } from 'vitest';
import { contentHash } from './hash.js';
import { checkPolicy, loadPolicy } from './load.js';
import { minimalPolicy, policyText } from './testing.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sample = new URL('../../samples/policy/patchline-policy.yaml', import.meta.url).pathname;

function problems(change: (d: Doc) => void): string[] {
  const doc: Doc = minimalPolicy();
  change(doc);
  const r = checkPolicy({ text: policyText(doc), file: 'p.yaml' });
  return r.diagnostics.map((d) => `${d.location.pointer} ${d.message}`);
}

const sunday = (over: Doc = {}): Doc => ({
  name: 'extra',
  rrule: 'FREQ=WEEKLY;BYDAY=MO',
  start: '2026-01-05T02:30',
  duration: '1h',
  timezone: 'UTC',
  ...over,
});

describe('policy/load', () => {
  it('accepts the minimal policy and the shipped sample', () => {
    expect(checkPolicy({ text: policyText(minimalPolicy()) }).diagnostics).toEqual([]);

    const p = loadPolicy(sample);

    expect(p.tiers.map((t) => t.name)).toEqual(['critical-prod', 'standard', 'dev']);
    expect(p.waivers).toHaveLength(2);
    expect(p.sources).toEqual([sample]);
  });

  it('hashes the validated content, not its formatting', () => {
    const doc = minimalPolicy();
    const a = loadPolicy({ text: policyText(doc) });
    const b = loadPolicy({ text: `# a comment\n${JSON.stringify(doc)}\n` });
    (doc.tiers as Doc[])[0]!.maxWaiver = '29d';
    const c = loadPolicy({ text: policyText(doc) });

    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
    const { hash, sources, ...content } = a;
    expect(hash).toBe(contentHash(content));
    expect(sources).toEqual(['<text>']);
  });

  it.each<[string, (d: Doc) => void, string, RegExp]>([
    ['unknown key', (d) => (d.tiers[0].colour = 'red'), '/tiers/0/colour', /unknown key "colour"/],
    ['unknown top-level key', (d) => (d.rollouts = []), '/rollouts', /unknown key "rollouts"/],
    ['wrong type', (d) => (d.tiers[0].maxWaiver = 30), '/tiers/0/maxWaiver', /expected string/],
    ['missing key', (d) => delete d.tiers[0].maxWaiver, '/tiers/0/maxWaiver', /is required/],
    [
      'bad duration',
      (d) => (d.tiers[0].deadlines.high = '7days'),
      '/tiers/0/deadlines/high',
      /a duration like/,
    ],
    ['bad severity', (d) => (d.freezes[0].allow = ['urgent']), '/freezes/0/allow/0', /critical/],
    ['bad date', (d) => (d.waivers[0].created = '10/11/2026'), '/waivers/0/created', /a date like/],
    [
      'empty selector',
      (d) => (d.assignment.rules[0].selector = {}),
      '/assignment/rules/0/selector',
      /at least one clause/,
    ],
    ['version missing', (d) => delete d.version, '/version', /version is required/],
    ['version too new', (d) => (d.version = 2), '/version', /newer than this Patchline/],
    [
      'unknown tier in a rule',
      (d) => (d.assignment.rules[0].tier = 'gold'),
      '/assignment/rules/0/tier',
      /unknown tier "gold"/,
    ],
    [
      'unknown default tier',
      (d) => (d.assignment.default = 'gold'),
      '/assignment/default',
      /unknown tier "gold"/,
    ],
    [
      'unknown tier in a window',
      (d) => (d.windows[0].tiers = ['gold']),
      '/windows/0/tiers/0',
      /unknown tier/,
    ],
    [
      'unknown tier in an approval rule',
      (d) =>
        (d.approval = {
          rules: [
            { tiers: ['gold'], classifications: ['security'], severities: ['high'], afterDays: 0 },
          ],
        }),
      '/approval/rules/0/tiers/0',
      /unknown tier/,
    ],
    [
      'unknown tier in a waiver',
      (d) => (d.waivers[0].scope.tiers = ['gold']),
      '/waivers/0/scope/tiers/0',
      /unknown tier/,
    ],
    [
      'unknown window name',
      (d) => (d.tiers[0].rollout.windows = ['sunday', 'saturday']),
      '/tiers/0/rollout/windows/1',
      /unknown window "saturday" \(windows: sunday\)/,
    ],
    [
      'window of another tier',
      (d) => (d.tiers[1].rollout = { waves: ['rest'], failureThreshold: 0, windows: ['sunday'] }),
      '/tiers/1/rollout/windows/0',
      /window sunday is for prod, not tier dev/,
    ],
    [
      'duplicate tier',
      (d) => d.tiers.push({ ...d.tiers[1] }),
      '/tiers/2/name',
      /duplicate tier "dev"/,
    ],
    [
      'duplicate window',
      (d) => d.windows.push(sunday({ name: 'sunday', tiers: ['dev'] })),
      '/windows/1/name',
      /duplicate window "sunday"/,
    ],
    [
      'duplicate waiver id',
      (d) => d.waivers.push({ ...d.waivers[0] }),
      '/waivers/1/id',
      /duplicate waiver id "W-1"/,
    ],
    [
      'invalid time zone',
      (d) => (d.windows[0].timezone = 'Europe/Berln'),
      '/windows/0/timezone',
      /unknown time zone "Europe\/Berln"/,
    ],
    [
      'rrule that never occurs',
      (d) => (d.windows[0].rrule = 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'),
      '/windows/0/rrule',
      /never occurs/,
    ],
    [
      'duration longer than period',
      (d) => (d.windows[0].duration = '8d'),
      '/windows/0/duration',
      /longer than its recurrence period 1w/,
    ],
    [
      'invalid cron',
      (d) =>
        (d.windows[0] = {
          ...sunday({ name: 'sunday' }),
          rrule: undefined,
          start: undefined,
          cron: '0 25 * * *',
        }),
      '/windows/0/cron',
      /invalid cron/,
    ],
    [
      'rrule and cron',
      (d) => (d.windows[0].cron = '0 2 * * 0'),
      '/windows/0',
      /exactly one of rrule or cron/,
    ],
    ['rrule without start', (d) => delete d.windows[0].start, '/windows/0/start', /needs start/],
    [
      'overlapping windows',
      (d) =>
        d.windows.push(
          sunday({ rrule: 'FREQ=DAILY', start: '2026-01-04T03:00', timezone: 'Europe/Berlin' }),
        ),
      '/windows/1/name',
      /overlaps window sunday/,
    ],
    [
      'freeze ending before it starts',
      (d) => (d.freezes[0].to = '2026-12-01'),
      '/freezes/0/to',
      /ends \(2026-12-01\) before it starts/,
    ],
    [
      'freeze in an unknown zone',
      (d) => (d.freezes[0].timezone = 'CET+1'),
      '/freezes/0/timezone',
      /unknown time zone/,
    ],
    [
      'approver is the owner',
      (d) => (d.waivers[0].approver = 'Alice'),
      '/waivers/0/approver',
      /other than the owner/,
    ],
    [
      'waiver past the tier maximum',
      (d) => (d.waivers[0].expires = '2026-12-11'),
      '/waivers/0/expires',
      /runs 31d, longer than maxWaiver 30d of tier prod/,
    ],
    [
      'waiver by asset name bounded by the strictest tier',
      (d) => {
        delete d.waivers[0].scope.tiers;
        d.waivers[0].expires = '2026-12-11';
      },
      '/waivers/0/expires',
      /longer than maxWaiver 30d of tier prod/,
    ],
    [
      'waiver expiring before creation',
      (d) => (d.waivers[0].expires = '2026-11-01'),
      '/waivers/0/expires',
      /not after created/,
    ],
    [
      'waiver without a subject',
      (d) => delete d.waivers[0].scope.cve,
      '/waivers/0/scope',
      /names an advisory, CVE or package/,
    ],
    [
      'deadlines out of order',
      (d) => (d.tiers[0].deadlines.medium = '5d'),
      '/tiers/0/deadlines/medium',
      /medium deadline 5d is shorter than the high/,
    ],
    [
      'loose known-exploited deadline',
      (d) => (d.tiers[0].knownExploited = '5d'),
      '/tiers/0/knownExploited',
      /looser than the critical deadline/,
    ],
    [
      'rest before the last wave',
      (d) => (d.tiers[0].rollout.waves = ['rest', 2]),
      '/tiers/0/rollout/waves/0',
      /rest can only be the last wave/,
    ],
    [
      'wave above 100%',
      (d) => (d.tiers[0].rollout.waves = ['150%']),
      '/tiers/0/rollout/waves/0',
      /not between 0% and 100%/,
    ],
    [
      'approved and rejected',
      (d) => (d.approval = { approve: [{ advisory: 'DSA-1' }], reject: [{ advisory: 'DSA-1' }] }),
      '/approval/reject/0',
      /both approved and rejected/,
    ],
    [
      'advisory and package in one item',
      (d) => (d.approval = { approve: [{ advisory: 'DSA-1', package: 'x' }] }),
      '/approval/approve/0',
      /exactly one of advisory or package/,
    ],
  ])('reports %s', (_name, change, pointer, message) => {
    const found = problems(change);

    expect(
      found.filter((p) => p.startsWith(`${pointer} `) && message.test(p.slice(pointer.length + 1))),
    ).toHaveLength(1);
  });

  it('reports every problem in one pass, schema and cross-field alike', () => {
    const found = problems((d) => {
      d.tiers[0].colour = 'red';
      d.windows[0].timezone = 'Nowhere/Zone';
      d.waivers[0].approver = 'alice';
      d.assignment.default = 'gold';
    });

    expect(found).toEqual([
      expect.stringMatching(/^\/tiers\/0\/colour .*unknown key/),
      expect.stringMatching(/^\/assignment\/default unknown tier/),
      expect.stringMatching(/^\/windows\/0\/timezone unknown time zone/),
      expect.stringMatching(/^\/waivers\/0\/approver .*other than the owner/),
    ]);
  });

  it('keeps validating a file whose version is unusable', () => {
    const found = problems((d) => {
      d.version = '1';
      d.tiers[0].colour = 'red';
    });

    expect(found).toEqual([
      expect.stringMatching(/^\/version version must be a whole number/),
      expect.stringMatching(/^\/tiers\/0\/colour .*unknown key/),
    ]);
  });
});
