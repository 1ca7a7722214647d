import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml, type HtmlSection } from './html.js';
import type { Tabular } from './tables.js';

const findings: Tabular = {
  title: 'Overdue',
  columns: [
    { key: 'asset', label: 'Asset' },
    { key: 'tier', label: 'Tier' },
    { key: 'state', label: 'State', kind: 'state' },
    { key: 'severity', label: 'Severity', kind: 'severity' },
    { key: 'advisory', label: 'Advisory' },
  ],
  rows: [
    ['web-01', 'prod', 'overdue', 'critical', 'A-1'],
    ['db-01', 'prod', 'due-soon', 'low', 'A-2'],
    ['web-01', 'prod', 'due-soon', 'high', 'A-3'],
    ['web-01', 'prod', 'overdue', 'medium', 'A-4'],
  ],
};

function page(...sections: HtmlSection[]): string {
  return renderHtml({ title: 'T', meta: { 'as of': 'now' }, sections });
}

describe('report/html', () => {
  it.each`
    text                    | html
    ${'<script>x</script>'} | ${'&lt;script&gt;x&lt;/script&gt;'}
    ${`a & "b" 'c'`}        | ${'a &amp; &quot;b&quot; &#39;c&#39;'}
  `('escapes $text', ({ text, html }) => {
    expect(escapeHtml(text)).toBe(html);
  });

  it('renders tables and charts inline, escaping every cell', () => {
    const html = renderHtml({
      title: 'T <1>',
      meta: { 'policy sha256': 'abc' },
      sections: [
        {
          table: {
            title: 'by tier',
            columns: [
              { key: 'group', label: 'Group' },
              { key: 'n', label: 'Assets', kind: 'count' },
            ],
            rows: [
              ['<b>', 3],
              [null, 0],
            ],
          },
          chart: {
            kind: 'bars',
            title: 'bars',
            series: [{ name: 'ok', color: '#0a0' }],
            bars: [{ label: 'prod', values: [3] }],
          },
        },
        {
          table: { title: 'trend', columns: [{ key: 'day', label: 'Day' }], rows: [] },
          chart: { kind: 'line', title: 'l', points: [{ x: '2026-11-01', y: 50 }] },
        },
      ],
    });

    expect(html).toContain('<title>T &lt;1&gt;</title>');
    expect(html).toContain('<td>&lt;b&gt;</td><td class="n">3</td>');
    expect(html.match(/<svg/g)?.length).toBe(1);
    expect(html).toContain('Nothing to show.');
    expect(html).not.toMatch(/https?:|<script|src=|href=|@import|url\(/);
  });

  it('puts the headline, lede and subtitle above the first section and provenance at the foot', () => {
    const html = renderHtml({
      title: 'T',
      subtitle: 'As of 2026-11-27 09:00 UTC',
      lede: 'All is well.',
      headline: [
        { label: 'Assets', value: '9' },
        { label: 'Overdue', value: '6', detail: 'assets', tone: 'bad' },
      ],
      meta: { 'policy sha256': 'f398' },
      sections: [{ table: findings }],
    });

    const at = (s: string) => html.indexOf(s);
    expect(at('<p class="sub">As of 2026-11-27 09:00 UTC</p>')).toBeGreaterThan(0);
    expect(at('<p class="lede">All is well.</p>')).toBeGreaterThan(0);
    expect(html).toContain(
      '<div class="fig bad"><div class="l">Overdue</div><div class="v">6</div><div class="d">assets</div></div>',
    );
    expect(at('class="headline"')).toBeLessThan(at('<section>'));
    expect(at('<footer>')).toBeGreaterThan(at('<section>'));
    expect(html).toContain('<dt>policy sha256</dt><dd>f398</dd>');
  });

  it('groups rows under one heading per asset, first seen first, with a count by state', () => {
    const html = page({
      table: findings,
      groupBy: { keys: ['asset', 'tier'], countBy: 'state', noun: 'finding' },
    });

    const headings = [...html.matchAll(/<h3>(.*?)<span class="count">(.*?)<\/span><\/h3>/g)];
    expect(headings.map((m) => [m[1], m[2]])).toEqual([
      ['web-01', '3 findings: 2 overdue, 1 due soon'],
      ['db-01', '1 finding: 1 due soon'],
    ]);
    expect(html).toContain('<p class="facts">Tier: prod</p>');
    // The grouping columns are said once in the heading, not in every row.
    expect(html).not.toContain('<th>Asset</th>');
    expect(html).not.toContain('<th>Tier</th>');
    expect(html.match(/<tr><td class="w">/g)?.length).toBe(4);
  });

  it.each`
    severity      | cls
    ${'critical'} | ${'sev sev-critical'}
    ${'high'}     | ${'sev sev-high'}
    ${'medium'}   | ${'sev sev-medium'}
    ${'low'}      | ${'sev sev-low'}
  `('marks a $severity cell with its colour class', ({ severity, cls }) => {
    const html = page({ table: findings });

    expect(html).toContain(`<span class="${cls}">${severity}</span>`);
    expect(html).toMatch(
      new RegExp(`\\.sev-${severity as string}\\{background:#[0-9a-f]{6};color:#`),
    );
  });

  it('spans a column group over its columns in a second header row', () => {
    const html = page({
      table: {
        title: 'g',
        columns: [
          { key: 'group', label: 'Group' },
          { key: 'a', label: 'Total', kind: 'count', group: 'Assets' },
          { key: 'b', label: 'Overdue', kind: 'count', group: 'Assets' },
          { key: 'c', label: 'Critical', kind: 'count', group: 'Open', severity: 'critical' },
        ],
        rows: [['x', 1, 2, 3]],
      },
    });

    expect(html).toContain(
      '<thead><tr><th rowspan="2">Group</th><th colspan="2" class="grp">Assets</th><th colspan="1" class="grp">Open</th></tr>' +
        '<tr><th class="n">Total</th><th class="n">Overdue</th><th class="n"><span class="dot dot-critical"></span>Critical</th></tr></thead>',
    );
  });

  it('sets the total row apart and says an empty table in its own words', () => {
    const html = page(
      { table: { ...findings, rows: findings.rows.slice(0, 2) }, totalRow: true },
      { table: { ...findings, title: 'MTTR', rows: [] }, empty: 'MTTR is not defined.' },
    );

    expect(html.match(/<tr class="total">/g)?.length).toBe(1);
    expect(html).toContain('<tr class="total"><td>db-01</td>');
    expect(html).toContain('<p class="empty">MTTR is not defined.</p>');
  });

  it('fits a 1400 px page: no fixed or minimum widths, cells wrap long ids, charts scale down', () => {
    const html = page({ table: findings });
    const css = /<style>([\s\S]*)<\/style>/.exec(html)![1]!;

    expect(css).not.toMatch(/(^|[{;])\s*(min-)?width:\s*\d+(px|rem|em)/m);
    // The one minimum: room for a short name on a line, far below a page's width.
    expect(css.match(/min-width:[^;}]*/g)).toEqual(['min-width:9ch']);
    expect(css).not.toMatch(/table-layout:\s*fixed/);
    expect(css).toMatch(/max-width:1320px/);
    expect(css).toMatch(/th,td\{[^}]*overflow-wrap:anywhere/);
    expect(css).toMatch(/table\{[^}]*width:100%/);
    expect(css).toMatch(/svg\{[^}]*max-width:100%/);
    // nowrap only for severity badges: one word each.
    expect(css.match(/nowrap/g)?.length).toBe(1);
    expect(css).toMatch(/\.sev\{[^}]*white-space:nowrap/);
  });
});
