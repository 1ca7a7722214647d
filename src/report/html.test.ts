import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from './html.js';

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
            head: ['group', 'n'],
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
          table: { title: 'trend', head: ['day'], rows: [] },
          chart: {
            kind: 'line',
            title: 'l',
            points: [
              { x: '2026-11-01', y: 50 },
              { x: '2026-11-02', y: 75 },
            ],
          },
        },
      ],
    });

    expect(html).toContain('<title>T &lt;1&gt;</title>');
    expect(html).toContain('<td>&lt;b&gt;</td><td class="n">3</td>');
    expect(html.match(/<svg/g)?.length).toBe(2);
    expect(html).toContain('Nothing to show.');
    expect(html).not.toMatch(/https?:|<script|src=|href=/);
  });
});
