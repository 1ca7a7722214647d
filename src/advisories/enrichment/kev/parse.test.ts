import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKev } from './parse.js';

const fixture = readFileSync(
  join(import.meta.dirname, '../__fixtures__/known_exploited_vulnerabilities.json'),
  'utf8',
);
const limits = { maxRows: 1000 };
const entry = (over: Record<string, unknown> = {}) => ({
  cveID: 'CVE-2021-4034',
  vendorProject: 'Red Hat',
  product: 'Polkit',
  vulnerabilityName: 'Polkit Out-of-Bounds Read and Write',
  dateAdded: '2022-06-27',
  dueDate: '2022-07-18',
  knownRansomwareCampaignUse: 'Unknown',
  ...over,
});
const catalog = (vulnerabilities: unknown[]) =>
  JSON.stringify({
    catalogVersion: '2026.12.05',
    dateReleased: '2026-12-05T17:02:11Z',
    vulnerabilities,
  });

describe('advisories/enrichment/kev/parse', () => {
  it('reads the catalog fixture with its version and release date', () => {
    const r = parseKev(fixture, 'kev.json', limits);

    expect(r.header).toEqual({ version: '2026.12.05', documentDate: '2026-12-05T17:02:11.6375Z' });
    expect(r.rows.map((e) => e.cve)).toEqual([
      'CVE-2021-44228',
      'CVE-2021-4034',
      'CVE-2021-3156',
      'CVE-2014-0160',
    ]);
    expect(r.rows[0]).toEqual({
      cve: 'CVE-2021-44228',
      vendorProject: 'Apache',
      product: 'Log4j2',
      name: 'Apache Log4j2 Remote Code Execution Vulnerability',
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      ransomware: 'Known',
    });
    expect(r.skipped).toBe(0);
  });

  it.each`
    over                                 | message
    ${{ cveID: 'CVE-21-1' }}             | ${'cveID: a CVE id like CVE-2021-44228'}
    ${{ cveID: 42 }}                     | ${'cveID'}
    ${{ dueDate: '18/07/2022' }}         | ${'dueDate: a date YYYY-MM-DD'}
    ${{ dateAdded: undefined }}          | ${'dateAdded'}
    ${{ knownRansomwareCampaignUse: 1 }} | ${'knownRansomwareCampaignUse'}
  `('skips an entry with $over at its JSON pointer', ({ over, message }) => {
    const r = parseKev(catalog([entry({ cveID: 'CVE-2021-3156' }), entry(over)]), 'k.json', limits);

    expect(r.rows.map((e) => e.cve)).toEqual(['CVE-2021-3156']);
    expect(r.skipped).toBe(1);
    expect(r.diagnostics[0]?.location).toEqual({ file: 'k.json', pointer: '/vulnerabilities/1' });
    expect(r.diagnostics[0]?.message).toContain(message);
  });

  it('keeps the first of a CVE listed twice, and upper-cases ids', () => {
    const r = parseKev(
      catalog([entry({ cveID: 'cve-2021-4034' }), entry({ dueDate: '2030-01-01' })]),
      'k',
      limits,
    );

    expect(r.rows).toEqual([
      expect.objectContaining({ cve: 'CVE-2021-4034', dueDate: '2022-07-18' }),
    ]);
    expect(r.diagnostics[0]?.message).toBe('KEV entry skipped: CVE-2021-4034 is listed twice');
  });

  it.each`
    text                                                               | pointer               | message
    ${'{'}                                                             | ${undefined}          | ${'not JSON'}
    ${'[]'}                                                            | ${'/'}                | ${'not a KEV catalog'}
    ${'{"catalogVersion":"1","dateReleased":"x"}'}                     | ${'/vulnerabilities'} | ${'not a KEV catalog'}
    ${'{"catalogVersion":"","dateReleased":"x","vulnerabilities":[]}'} | ${'/catalogVersion'}  | ${'not a KEV catalog'}
  `('refuses $text as a whole at $pointer', ({ text, pointer, message }) => {
    const where = pointer === undefined ? { file: 'k.json' } : { file: 'k.json', pointer };

    expect(() => parseKev(text, 'k.json', limits)).toThrow(
      expect.objectContaining({ code: 'ADVISORY_INVALID', location: where }),
    );
    expect(() => parseKev(text, 'k.json', limits)).toThrow(message);
  });

  it('refuses more entries than the cap', () => {
    const text = catalog([entry(), entry({ cveID: 'CVE-2021-3156' })]);

    expect(() => parseKev(text, 'k.json', { maxRows: 1 })).toThrow(
      '2 KEV entries, over the limit of 1',
    );
  });

  it('reports at most 100 skipped entries one by one but counts them all', () => {
    const bad = Array.from({ length: 150 }, () => entry({ cveID: 'nope' }));

    const r = parseKev(catalog([...bad, entry()]), 'k.json', limits);

    expect([r.rows.length, r.skipped, r.diagnostics.length]).toEqual([1, 150, 100]);
  });
});
