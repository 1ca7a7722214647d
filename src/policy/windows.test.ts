import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { loadPolicy } from './load.js';
import { minimalPolicy, policyText } from './testing.js';
import { activeFreeze, nextWindows } from './windows.js';

function policyWith(windows: unknown[], freezes: unknown[] = []) {
  const doc = { ...minimalPolicy(), windows, freezes };
  return loadPolicy({ text: policyText(doc), file: 'p.yaml' });
}

const berlinSunday = {
  name: 'sunday',
  rrule: 'FREQ=WEEKLY;BYDAY=SU',
  start: '2026-01-04T02:30',
  duration: '2h',
  timezone: 'Europe/Berlin',
};
const nyNightly = {
  name: 'nightly',
  cron: '30 1 * * *',
  duration: '1h',
  timezone: 'America/New_York',
};

function starts(list: { start: Date }[]): string[] {
  return list.map((w) => w.start.toISOString());
}

describe('policy/windows', () => {
  it('moves a 02:30 Berlin window to 03:30 CEST on the spring-forward Sunday', () => {
    const p = policyWith([berlinSunday]);

    const list = nextWindows(p, { from: new Date('2026-03-21T00:00:00Z'), count: 3 });

    expect(list.map((w) => w.localStart)).toEqual([
      '2026-03-22T02:30:00+01:00',
      '2026-03-29T03:30:00+02:00',
      '2026-04-05T02:30:00+02:00',
    ]);
    expect(list[1]!.localEnd).toBe('2026-03-29T05:30:00+02:00');
    expect(list[1]!.end.getTime() - list[1]!.start.getTime()).toBe(2 * 3_600_000);
  });

  it('opens a 01:30 New York window once, at the first 01:30, on the fall-back night', () => {
    const p = policyWith([nyNightly]);

    const list = nextWindows(p, { from: new Date('2026-10-31T00:00:00Z'), count: 3 });

    expect(starts(list)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(list.map((w) => w.localStart)).toEqual([
      '2026-10-31T01:30:00-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-02T01:30:00-05:00',
    ]);
  });

  it.each`
    from                          | first                         | why
    ${'2026-03-22T01:30:00.000Z'} | ${'2026-03-22T01:30:00.000Z'} | ${'from the exact start: included'}
    ${'2026-03-22T03:29:59.999Z'} | ${'2026-03-22T01:30:00.000Z'} | ${'from inside the window: the open window comes first'}
    ${'2026-03-22T03:30:00.000Z'} | ${'2026-03-29T01:30:00.000Z'} | ${'from the exact end: the next one'}
  `('$why', ({ from, first }) => {
    const p = policyWith([berlinSunday]);

    const list = nextWindows(p, { from: new Date(from as string), count: 1 });

    expect(starts(list)).toEqual([first]);
  });

  it('interleaves windows by start and takes the injected clock as "now"', () => {
    const p = policyWith([berlinSunday, nyNightly]);
    const clock = fixedClock('2026-06-13T00:00:00Z');

    const list = nextWindows(p, { from: clock.now(), count: 3 });

    expect(list.map((w) => w.window)).toEqual(['nightly', 'sunday', 'nightly']);
    expect(starts(list)[1]).toBe('2026-06-14T00:30:00.000Z');
  });

  it('marks windows inside a freeze with its reason and allowed severities, or skips them', () => {
    const p = policyWith([berlinSunday], [minimalPolicy().freezes as unknown[]].flat());
    const from = new Date('2026-12-12T00:00:00Z');

    const marked = nextWindows(p, { from, count: 5 });
    const skipped = nextWindows(p, { from, count: 2, skipFrozen: true });

    expect(marked.map((w) => w.freeze?.name ?? '-')).toEqual([
      '-',
      'year-end',
      'year-end',
      'year-end',
      '-',
    ]);
    expect(marked[1]!.freeze).toEqual({
      name: 'year-end',
      reason: 'year-end peak',
      allow: ['critical'],
    });
    expect(skipped.map((w) => w.localStart)).toEqual([
      '2026-12-13T02:30:00+01:00',
      '2027-01-10T02:30:00+01:00',
    ]);
  });

  it.each`
    at                            | active
    ${'2026-12-17T22:59:59.999Z'} | ${undefined}
    ${'2026-12-17T23:00:00.000Z'} | ${'year-end'}
    ${'2027-01-04T22:59:59.999Z'} | ${'year-end'}
    ${'2027-01-04T23:00:00.000Z'} | ${undefined}
  `('freeze active at $at: $active', ({ at, active }) => {
    const p = policyWith([], minimalPolicy().freezes as unknown[]);

    expect(activeFreeze(p, new Date(at as string))?.name).toBe(active);
  });

  it('ends a freeze given as a local time at that time, and honours freeze tiers', () => {
    const freeze = {
      name: 'f',
      from: '2026-05-01T18:00',
      to: '2026-05-02T06:00',
      timezone: 'UTC',
      reason: 'r',
      tiers: ['prod'],
    };
    const p = policyWith([], [freeze]);

    expect(activeFreeze(p, new Date('2026-05-02T05:59:00Z'))?.name).toBe('f');
    expect(activeFreeze(p, new Date('2026-05-02T06:00:00Z'))).toBeUndefined();
    expect(activeFreeze(p, new Date('2026-05-01T20:00:00Z'), 'dev')).toBeUndefined();
  });

  it('picks windows by tier, by selector and unscoped, deriving the tier from labels', () => {
    const p = policyWith([
      { ...berlinSunday, name: 'prod-only', tiers: ['prod'] },
      { ...nyNightly, name: 'web', selector: { match: { app: 'web' } } },
      { name: 'all', cron: '0 12 * * *', duration: '1h', timezone: 'UTC' },
    ]);
    const from = new Date('2026-06-13T00:00:00Z');
    const names = (o: object) =>
      [...new Set(nextWindows(p, { from, count: 20, ...o }).map((w) => w.window))].sort();

    expect(names({ tier: 'prod' })).toEqual(['all', 'prod-only']);
    expect(names({ labels: { env: 'prod', app: 'web' } })).toEqual(['all', 'prod-only', 'web']);
    expect(names({ labels: { env: 'dev' } })).toEqual(['all']);
    expect(names({})).toEqual(['all', 'prod-only', 'web']);
  });

  it('rejects an unknown tier', () => {
    const p = policyWith([berlinSunday]);

    expect(() => nextWindows(p, { tier: 'gold', from: new Date(0), count: 1 })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('lists sorted, full-length windows that end after "from", for any rule, zone and start', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    const rule = fc.oneof(
      fc.record({
        rrule: fc.constantFrom('FREQ=WEEKLY;BYDAY=SU', 'FREQ=DAILY', 'FREQ=MONTHLY;BYDAY=1SA'),
        start: fc.constantFrom('2026-01-03T02:30', '2026-01-01T00:00', '2026-02-07T23:45'),
      }),
      fc.record({ cron: fc.constantFrom('30 2 * * 0', '0 1 * * 1-5', '15 3 1 * *') }),
    );
    fc.assert(
      fc.property(
        rule,
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.integer({ min: 1, max: 12 }),
        (r, timezone, from, count) => {
          const p = policyWith([{ name: 'w', duration: '90m', timezone, ...r }]);

          const list = nextWindows(p, { from: new Date(from), count });

          expect(list).toHaveLength(count);
          for (const [i, w] of list.entries()) {
            expect(w.end.getTime() - w.start.getTime()).toBe(90 * 60_000);
            expect(w.end.getTime()).toBeGreaterThan(from);
            if (i > 0) expect(w.start.getTime()).toBeGreaterThanOrEqual(list[i - 1]!.end.getTime());
          }
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
  });
});
