import type { Severity } from '../domain/advisory.js';
import { escapeHtml } from './escape.js';

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

/**
 * Fills with at least 3:1 contrast against white (WCAG 2.1 §1.4.11, non-text contrast), so a
 * bar stays visible printed in greyscale or to a reader with low colour vision.
 */
export const severityColor: Readonly<Record<Severity, string>> = {
  critical: '#b42318',
  high: '#d9480f',
  medium: '#a77b00',
  low: '#2f6fb5',
  none: '#8a93a6',
};

export const stateColor = {
  compliant: '#2f855a',
  atRisk: '#b7791f',
  overdue: '#c53030',
} as const;

const maxLabel = 30;

/** Long ids shortened for a chart label; the full text stays in the bar's tooltip. */
function shortLabel(s: string): string {
  return s.length <= maxLabel ? s : `${s.slice(0, maxLabel - 1)}…`;
}

/** An SVG that scales down to its container (CSS `svg{max-width:100%}`), never up. */
function svg(title: string, w: number, h: number, body: string): string {
  return `<svg role="img" aria-label="${escapeHtml(title)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;
}

export function renderChart(c: BarChart | LineChart): string {
  return c.kind === 'bars' ? bars(c) : line(c);
}

function bars(c: BarChart): string {
  if (c.bars.length === 0) return '';
  const labelW = 240;
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
          const name = c.series[j]?.name ?? '';
          const seg = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${c.series[j]?.color ?? '#8a93a6'}"><title>${escapeHtml(`${b.label} — ${name}: ${v}`)}</title></rect>`;
          x += w;
          return seg;
        })
        .join('');
      const total = b.values.reduce((a, v) => a + v, 0);
      return `<text x="${labelW - 8}" y="${y + 12}" text-anchor="end">${escapeHtml(shortLabel(b.label))}<title>${escapeHtml(b.label)}</title></text>${segs}<text x="${(x + 6).toFixed(1)}" y="${y + 12}">${total}</text>`;
    })
    .join('');
  return svg(c.title, labelW + plotW + 60, 30 + c.bars.length * rowH, legend + rows);
}

function line(c: LineChart): string {
  const w = 760;
  const h = 200;
  const pad = 40;
  const pts = c.points.filter((p): p is { x: string; y: number } => p.y !== null);
  if (pts.length === 0) return '<p class="empty">No adherence recorded yet.</p>';
  const step = pts.length > 1 ? (w - 2 * pad) / (pts.length - 1) : 0;
  const xy = pts.map((p, i) => [pad + i * step, h - pad - (p.y / 100) * (h - 2 * pad)] as const);
  const path = xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`);
  const dots = xy
    .map(
      ([x, y], i) =>
        `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="#2f6fb5"><title>${escapeHtml(`${pts[i]!.x}: ${pts[i]!.y}%`)}</title></circle>`,
    )
    .join('');
  const grid = [0, 50, 100]
    .map((v) => {
      const y = h - pad - (v / 100) * (h - 2 * pad);
      return `<line x1="${pad}" x2="${w - pad}" y1="${y}" y2="${y}" stroke="#dfe3ea"/><text x="4" y="${y + 4}">${v}%</text>`;
    })
    .join('');
  const first = pts[0]!.x;
  const last = pts.at(-1)!.x;
  return svg(
    c.title,
    w,
    h,
    `${grid}<path d="${path.join('')}" fill="none" stroke="#2f6fb5" stroke-width="2"/>${dots}<text x="${pad}" y="${h - 8}">${escapeHtml(first)}</text><text x="${w - pad}" y="${h - 8}" text-anchor="end">${escapeHtml(last)}</text>`,
  );
}
