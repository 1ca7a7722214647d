import { describe, expect, it } from 'vitest';
import { displayCell, keysOf, labelsOf, shortTime, type CellKind, type Tabular } from './tables.js';

describe('report/tables', () => {
  it.each`
    kind          | value                         | text
    ${'pct'}      | ${41.8}                       | ${'41.8%'}
    ${'pct'}      | ${null}                       | ${'n/a'}
    ${'count'}    | ${0}                          | ${'0'}
    ${'text'}     | ${null}                       | ${''}
    ${'time'}     | ${'2026-11-04T09:00:00.000Z'} | ${'2026-11-04 09:00'}
    ${'time'}     | ${'2026-11-04'}               | ${'2026-11-04'}
    ${'state'}    | ${'fixed-pending-reboot'}     | ${'fixed pending reboot'}
    ${'hash'}     | ${'f39827ddee39d9affa8b3648'} | ${'f39827ddee39'}
    ${'yes-no'}   | ${true}                       | ${'yes'}
    ${'severity'} | ${'critical'}                 | ${'critical'}
  `('shows a $kind cell $value as "$text"', ({ kind, value, text }) => {
    expect(displayCell({ key: 'k', label: 'K', kind: kind as CellKind }, value)).toBe(text);
  });

  it.each`
    iso                       | short
    ${'2026-11-04T09:00:00Z'} | ${'2026-11-04 09:00'}
    ${'2026-11-04T09:00Z'}    | ${'2026-11-04 09:00'}
    ${'not a time'}           | ${'not a time'}
  `('shortens $iso', ({ iso, short }) => {
    expect(shortTime(iso)).toBe(short);
  });

  it('keeps stable field names for CSV and words for people, group included', () => {
    const t: Tabular = {
      title: 't',
      columns: [
        { key: 'at_risk', label: 'At risk' },
        { key: 'open_critical', label: 'Critical', group: 'Open findings' },
      ],
      rows: [],
    };

    expect(keysOf(t)).toEqual(['at_risk', 'open_critical']);
    expect(labelsOf(t)).toEqual(['At risk', 'Open findings critical']);
  });
});
