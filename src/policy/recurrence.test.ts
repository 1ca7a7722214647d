import { describe, expect, it } from 'vitest';
import {
  compileRecurrence,
  formatLocal,
  instantToWall,
  isValidZone,
  parseWall,
  rruleCanOccur,
  wallToInstant,
} from './recurrence.js';
import type { MaintenanceWindow } from './schema.js';

const window = (over: Partial<MaintenanceWindow>): MaintenanceWindow => ({
  name: 'w',
  duration: '1h',
  timezone: 'UTC',
  ...over,
});

describe('policy/recurrence', () => {
  it.each`
    local                 | zone                  | instant                       | why
    ${'2026-07-01T12:00'} | ${'Asia/Kolkata'}     | ${'2026-07-01T06:30:00.000Z'} | ${'fixed half-hour offset'}
    ${'2026-03-29T02:30'} | ${'Europe/Berlin'}    | ${'2026-03-29T01:30:00.000Z'} | ${'spring forward: 02:30 does not exist, becomes 03:30 CEST'}
    ${'2026-03-29T03:30'} | ${'Europe/Berlin'}    | ${'2026-03-29T01:30:00.000Z'} | ${'the same instant written in CEST'}
    ${'2026-10-25T02:30'} | ${'Europe/Berlin'}    | ${'2026-10-25T00:30:00.000Z'} | ${'fall back: first of the two 02:30s (CEST)'}
    ${'2026-03-08T02:30'} | ${'America/New_York'} | ${'2026-03-08T07:30:00.000Z'} | ${'spring forward in New York'}
    ${'2026-11-01T01:30'} | ${'America/New_York'} | ${'2026-11-01T05:30:00.000Z'} | ${'fall back: first 01:30 (EDT)'}
  `('maps $local in $zone ($why)', ({ local, zone, instant }) => {
    const t = wallToInstant(parseWall(local as string), zone as string);

    expect(new Date(t).toISOString()).toBe(instant);
  });

  it('round-trips an instant through wall time', () => {
    const t = Date.parse('2026-06-15T10:00:00Z');

    expect(instantToWall(t, 'Europe/Berlin') - t).toBe(2 * 3_600_000);
    expect(wallToInstant(instantToWall(t, 'Europe/Berlin'), 'Europe/Berlin')).toBe(t);
  });

  it.each`
    zone               | valid
    ${'Europe/Berlin'} | ${true}
    ${'UTC'}           | ${true}
    ${'Mars/Olympus'}  | ${false}
    ${'Berlin'}        | ${false}
  `('knows whether $zone is a time zone', ({ zone, valid }) => {
    expect(isValidZone(zone as string)).toBe(valid);
  });

  it.each`
    spec                                                             | error
    ${{ cron: '61 2 * * *' }}                                        | ${/invalid cron/}
    ${{ cron: '0 2 * *' }}                                           | ${/invalid cron/}
    ${{ rrule: 'BYDAY=SU', start: '2026-01-04T02:00' }}              | ${/FREQ is required/}
    ${{ rrule: 'FREQ=WEEKLY;BYDAY=XX', start: '2026-01-04T02:00' }}  | ${/XX is not a weekday/}
    ${{ rrule: 'FREQ=WEEKLY;COUNT=abc', start: '2026-01-04T02:00' }} | ${/abc is not a number/}
    ${{ rrule: 'FREQ=WEEKLY;COLOR=red', start: '2026-01-04T02:00' }} | ${/unknown part COLOR/}
    ${{ rrule: 'FREQ=SOMETIMES', start: '2026-01-04T02:00' }}        | ${/invalid rrule/}
  `('rejects $spec', ({ spec, error }) => {
    const rec = compileRecurrence(window(spec as Partial<MaintenanceWindow>));

    expect(rec).toMatch(error as RegExp);
  });

  it('accepts an RRULE: prefix and lists starts on wall time', () => {
    const rec = compileRecurrence(
      window({ rrule: 'RRULE:FREQ=WEEKLY;BYDAY=SU', start: '2026-03-22T02:30' }),
    );
    if (typeof rec === 'string') throw new Error(rec);

    const starts = rec.between(parseWall('2026-03-22'), parseWall('2026-04-06'));

    expect(starts.map((s) => new Date(s).toISOString().slice(0, 16))).toEqual([
      '2026-03-22T02:30',
      '2026-03-29T02:30',
      '2026-04-05T02:30',
    ]);
  });

  it.each`
    rule                                     | occurs
    ${'FREQ=WEEKLY;BYDAY=SU'}                | ${true}
    ${'FREQ=MONTHLY;BYDAY=1SU'}              | ${true}
    ${'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'} | ${true}
    ${'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'} | ${false}
    ${'FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31'}  | ${false}
    ${'FREQ=DAILY;UNTIL=20250101T000000Z'}   | ${false}
    ${'FREQ=DAILY;COUNT=0'}                  | ${false}
  `('$rule occurs: $occurs', ({ rule, occurs }) => {
    expect(rruleCanOccur(rule as string, parseWall('2026-01-01T02:00'))).toBe(occurs);
  });
});

describe('policy/recurrence', () => {
  it.each`
    instant                       | zone                  | local
    ${'2026-03-29T01:30:00.000Z'} | ${'Europe/Berlin'}    | ${'2026-03-29T03:30:00+02:00'}
    ${'2026-11-01T06:30:00.000Z'} | ${'America/New_York'} | ${'2026-11-01T01:30:00-05:00'}
    ${'2026-07-01T06:30:15.000Z'} | ${'Asia/Kolkata'}     | ${'2026-07-01T12:00:15+05:30'}
    ${'2026-07-01T06:30:00.250Z'} | ${'UTC'}              | ${'2026-07-01T06:30:00.250Z'}
    ${'2026-01-10T12:00:00.000Z'} | ${'Europe/London'}    | ${'2026-01-10T12:00:00+00:00'}
  `('writes $instant in $zone as $local', ({ instant, zone, local }) => {
    expect(formatLocal(Date.parse(instant as string), zone as string)).toBe(local);
  });
});
