import type { Tabular } from './tables.js';

/** A stacked horizontal bar per label: e.g. compliant / at risk / overdue assets per group. */
export interface BarChart {
  readonly kind: 'bars';
  readonly title: string;
  readonly series: readonly { readonly name: string; readonly color: string }[];
  readonly bars: readonly { readonly label: string; readonly values: readonly number[] }[];
}

/** A line over days, values 0–100 (adherence %). */
export interface LineChart {
  readonly kind: 'line';
  readonly title: string;
  readonly points: readonly { readonly x: string; readonly y: number | null }[];
}

export interface HtmlSection {
  readonly table: Tabular;
  readonly chart?: BarChart | LineChart;
}

export interface HtmlReport {
  readonly title: string;
  /** Key facts shown under the title: generated at, policy hash … */
  readonly meta: Readonly<Record<string, string>>;
  readonly sections: readonly HtmlSection[];
}

const css = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;color:#1d2330;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;color:#4a5368;margin:0 0 1rem}
dt{font-weight:600}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th,td{border-bottom:1px solid #e2e6ee;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f4f6fa;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums}
.wrap{overflow-x:auto}svg{display:block;margin:.5rem 0 1rem}svg text{font:12px system-ui,sans-serif;fill:#1d2330}
.empty{color:#7a8296;font-style:italic}
`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * One self-contained HTML file: inline CSS, inline SVG charts, no scripts and no external URLs,
 * so it opens from a mail attachment or a file share as is.
 */
export function renderHtml(report: HtmlReport): string {
  const meta = Object.entries(report.meta)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  const body = report.sections.map(section).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${css}</style></head>
<body><h1>${escapeHtml(report.title)}</h1><dl>${meta}</dl>
${body}
</body></html>
`;
}

function section(s: HtmlSection): string {
  const chart = s.chart ? (s.chart.kind === 'bars' ? bars(s.chart) : line(s.chart)) : '';
  return `<section><h2>${escapeHtml(s.table.title)}</h2>${chart}${table(s.table)}</section>`;
}

function table(t: Tabular): string {
  if (t.rows.length === 0) return '<p class="empty">Nothing to show.</p>';
  const head = t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r
          .map((c) =>
            typeof c === 'number' ? `<td class="n">${c}</td>` : `<td>${escapeHtml(c ?? '')}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<div class="wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function bars(c: BarChart): string {
  const labelW = 220;
  const plotW = 560;
  const rowH = 22;
  const max = Math.max(1, ...c.bars.map((b) => b.values.reduce((a, v) => a + v, 0)));
  const legend = c.series
    .map(
      (s, i) =>
        `<rect x="${labelW + i * 120}" y="4" width="12" height="12" fill="${s.color}"/>` +
        `<text x="${labelW + i * 120 + 16}" y="14">${escapeHtml(s.name)}</text>`,
    )
    .join('');
  const rows = c.bars
    .map((b, i) => {
      const y = 26 + i * rowH;
      let x = labelW;
      const segs = b.values
        .map((v, j) => {
          const w = (v / max) * plotW;
          const seg = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${c.series[j]?.color ?? '#999'}"><title>${escapeHtml(`${c.series[j]?.name ?? ''}: ${v}`)}</title></rect>`;
          x += w;
          return seg;
        })
        .join('');
      const total = b.values.reduce((a, v) => a + v, 0);
      return `<text x="${labelW - 8}" y="${y + 12}" text-anchor="end">${escapeHtml(b.label)}</text>${segs}<text x="${(x + 6).toFixed(1)}" y="${y + 12}">${total}</text>`;
    })
    .join('');
  const h = 30 + c.bars.length * rowH;
  return `<svg role="img" aria-label="${escapeHtml(c.title)}" width="${labelW + plotW + 60}" height="${h}" viewBox="0 0 ${labelW + plotW + 60} ${h}">${legend}${rows}</svg>`;
}

function line(c: LineChart): string {
  const w = 760;
  const h = 200;
  const pad = 36;
  const pts = c.points.filter((p) => p.y !== null) as { x: string; y: number }[];
  if (pts.length === 0) return '<p class="empty">No history recorded yet.</p>';
  const step = pts.length > 1 ? (w - 2 * pad) / (pts.length - 1) : 0;
  const xy = pts.map((p, i) => [pad + i * step, h - pad - (p.y / 100) * (h - 2 * pad)] as const);
  const path = xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`);
  const dots = xy
    .map(
      ([x, y], i) =>
        `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="#2f6fde"><title>${escapeHtml(`${pts[i]!.x}: ${pts[i]!.y}%`)}</title></circle>`,
    )
    .join('');
  const grid = [0, 50, 100]
    .map((v) => {
      const y = h - pad - (v / 100) * (h - 2 * pad);
      return `<line x1="${pad}" x2="${w - pad}" y1="${y}" y2="${y}" stroke="#e2e6ee"/><text x="4" y="${y + 4}">${v}%</text>`;
    })
    .join('');
  const first = pts[0]!.x;
  const last = pts.at(-1)!.x;
  return `<svg role="img" aria-label="${escapeHtml(c.title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${grid}<path d="${path.join('')}" fill="none" stroke="#2f6fde" stroke-width="2"/>${dots}<text x="${pad}" y="${h - 8}">${escapeHtml(first)}</text><text x="${w - pad}" y="${h - 8}" text-anchor="end">${escapeHtml(last)}</text></svg>`;
}
