import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEpss } from './parse.js';

const fixture = readFileSync(
  join(import.meta.dirname, '../__fixtures__/epss_scores-2026-12-06.csv'),
  'utf8',
);
const limits = { maxRows: 1000 };
const head =
  '#model_version:v2025.03.14,score_date:2026-12-06T00:00:00+0000\ncve,epss,percentile\n';

describe('advisories/enrichment/epss/parse', () => {
  it('reads the fixture with its model version and score date', () => {
    const r = parseEpss(fixture, 'e.csv', limits);

    expect(r.header).toEqual({ version: 'v2025.03.14', documentDate: '2026-12-06T00:00:00+0000' });
    expect(r.rows).toHaveLength(6);
    expect(r.rows[0]).toEqual({ cve: 'CVE-2014-0160', epss: 0.9447, percentile: 0.99985 });
    expect(r.skipped).toBe(0);
  });

  it('reads a file without the comment line, columns in any order, CRLF endings', () => {
    const r = parseEpss('percentile,cve,epss\r\n0.5,CVE-2024-0001,1e-4\r\n', 'e.csv', limits);

    expect(r.header).toEqual({ version: null, documentDate: null });
    expect(r.rows).toEqual([{ cve: 'CVE-2024-0001', epss: 0.0001, percentile: 0.5 }]);
  });

  it.each`
    row                          | why
    ${'CVE-2024-0001,0.5'}       | ${'2 fields, the header has 3'}
    ${'CVE-2024-0001,0.5,0.2,x'} | ${'4 fields, the header has 3'}
    ${'CVE-24-1,0.5,0.2'}        | ${'"CVE-24-1" is not a CVE id'}
    ${'CVE-2024-0001,1.5,0.2'}   | ${'epss "1.5" is not a number from 0 to 1'}
    ${'CVE-2024-0001,-0.1,0.2'}  | ${'epss "-0.1" is not a number from 0 to 1'}
    ${'CVE-2024-0001,0.5,NaN'}   | ${'percentile "NaN" is not a number from 0 to 1'}
    ${'CVE-2024-0001,0x1,0.2'}   | ${'epss "0x1" is not a number from 0 to 1'}
    ${'CVE-2023-3446,0.5,0.2'}   | ${'CVE-2023-3446 is listed twice'}
  `('skips $row with its line number: $why', ({ row, why }) => {
    const text = `${head}CVE-2023-3446,0.1,0.2\n${row as string}\nCVE-2024-0727,0.3,0.4\n`;

    const r = parseEpss(text, 'e.csv', limits);

    expect(r.rows.map((s) => s.cve)).toEqual(['CVE-2023-3446', 'CVE-2024-0727']);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        message: `EPSS row skipped: ${why as string}`,
        location: { file: 'e.csv', line: 4 },
      },
    ]);
  });

  it.each`
    text                        | line | message
    ${''}                       | ${1} | ${'not an EPSS file'}
    ${'#model_version:v1\n'}    | ${2} | ${'not an EPSS file'}
    ${'cve,score\nCVE-1,0.1\n'} | ${1} | ${'not an EPSS file: expected the header cve,epss,percentile'}
  `('refuses $text as a whole at line $line', ({ text, line, message }) => {
    expect(() => parseEpss(text, 'e.csv', limits)).toThrow(
      expect.objectContaining({ code: 'ADVISORY_INVALID', location: { file: 'e.csv', line } }),
    );
    expect(() => parseEpss(text, 'e.csv', limits)).toThrow(message);
  });

  it('refuses more rows than the cap, naming the line', () => {
    expect(() => parseEpss(fixture, 'e.csv', { maxRows: 4 })).toThrow(
      expect.objectContaining({
        message: 'more than 4 EPSS rows',
        location: { file: 'e.csv', line: 7 },
      }),
    );
  });

  it('counts bad rows against the cap too', () => {
    const text = `${head}${'x,y,z\n'.repeat(5)}`;

    expect(() => parseEpss(text, 'e.csv', { maxRows: 3 })).toThrow(
      expect.objectContaining({ location: { file: 'e.csv', line: 6 } }),
    );
  });
});
