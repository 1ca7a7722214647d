import { renderChart, severityColor, type BarChart, type LineChart } from './charts.js';
import { escapeHtml } from './escape.js';
import { displayCell, type Cell, type Column, type Tabular } from './tables.js';

export { escapeHtml };
export type { BarChart, LineChart };

/** One headline figure: a big value, what it is, and a line of detail. */
export interface Figure {
  readonly label: string;
  readonly value: string;
  readonly detail?: string;
  /** Colours the card's edge: good (green), warn (amber), bad (red); none is neutral. */
  readonly tone?: 'good' | 'warn' | 'bad';
}

/**
 * Lists a table's rows under one heading per value of `keys[0]` (e.g. per host), first seen
 * first. The other keys are facts of that value (kind, tier, image), shown once in the heading
 * and left out of its table; `countBy` breaks the count down by a column (e.g. state).
 */
export interface RowGrouping {
  readonly keys: readonly string[];
  readonly countBy?: string;
  /** Values of `countBy` (as shown) in the order to list them; others follow, first seen first. */
  readonly countOrder?: readonly string[];
  /** What one row is, singular: `finding`. */
  readonly noun: string;
}

export interface HtmlSection {
  readonly table: Tabular;
  readonly chart?: BarChart | LineChart;
  /** Sentences under the heading: what the figures mean, what was left out. */
  readonly notes?: readonly string[];
  /** Said instead of the table when it has no rows. */
  readonly empty?: string;
  readonly groupBy?: RowGrouping;
  /** The last row is a total: set apart. */
  readonly totalRow?: boolean;
}

export interface HtmlReport {
  readonly title: string;
  /** Under the title: as of when, under which policy. */
  readonly subtitle?: string;
  /** The summary at the top: what a reader takes away without scrolling. */
  readonly headline?: readonly Figure[];
  /** One sentence under the headline saying what it adds up to. */
  readonly lede?: string;
  /** Provenance, at the foot: as of, policy hash and files … */
  readonly meta: Readonly<Record<string, string>>;
  readonly sections: readonly HtmlSection[];
}

const badge: Readonly<Record<string, readonly [string, string]>> = {
  critical: ['#fde2e1', '#8b1a12'],
  high: ['#ffe8d1', '#8a3b00'],
  medium: ['#fff3bf', '#6b4e00'],
  low: ['#e3effd', '#1d4f91'],
  none: ['#eef0f4', '#4a5368'],
};

// Badge text on its tint is at least 6.5:1 (WCAG AA asks 4.5:1). Tables size to their content
// and cells wrap anywhere, so long ids never push the page sideways.
const css = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1320px;color:#1d2330;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2.2rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #dfe3ea}
h3{font-size:1rem;margin:1.4rem 0 .2rem;overflow-wrap:anywhere}h3 .count{font-weight:400;color:#5b6478;margin-left:.5rem}
.sub{color:#5b6478;margin:0 0 .6rem;overflow-wrap:anywhere}.lede{font-size:1.05rem;margin:.6rem 0 .8rem;max-width:80ch}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.7rem;margin:1rem 0}
.fig{border:1px solid #dfe3ea;border-left:5px solid #8a93a6;border-radius:6px;padding:.55rem .8rem}
.fig.good{border-left-color:#2f855a}.fig.warn{border-left-color:#b7791f}.fig.bad{border-left-color:#c53030}
.fig .l{color:#5b6478;font-size:.78rem;text-transform:uppercase;letter-spacing:.04em}
.fig .v{font-size:1.55rem;font-weight:650;line-height:1.25;overflow-wrap:anywhere}
.fig .d{color:#5b6478;font-size:.82rem;overflow-wrap:anywhere}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;color:#5b6478;font-size:.85rem;margin:0 0 .5rem}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;font-family:ui-monospace,monospace;overflow-wrap:anywhere}
.note{color:#5b6478;margin:.3rem 0 .6rem;max-width:90ch}.empty{color:#5b6478;font-style:italic}
.facts{color:#5b6478;margin:0 0 .4rem;font-size:.85rem;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:12.5px}.wrap{overflow-x:auto}
th,td{border-bottom:1px solid #dfe3ea;padding:.3rem .45rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f4f6fa;font-weight:600;overflow-wrap:normal;hyphens:auto}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n,td.w{overflow-wrap:normal}td.nm{min-width:9ch}th.grp{text-align:center;border-bottom:1px solid #c9cfdb}
tr.total td{font-weight:650;border-top:2px solid #1d2330}
.sev{display:inline-block;padding:0 .45em;border-radius:3px;font-weight:600;font-size:11.5px;white-space:nowrap}
${Object.entries(badge)
  .map(([s, [bg, fg]]) => `.sev-${s}{background:${bg};color:${fg}}`)
  .join('')}
th .dot{display:inline-block;width:.65em;height:.65em;border-radius:50%;margin-right:.3em}
${Object.entries(severityColor)
  .map(([s, c]) => `.dot-${s}{background:${c}}`)
  .join('')}
svg{display:block;max-width:100%;height:auto;margin:.5rem 0 1rem}svg text{font:12px system-ui,sans-serif;fill:#1d2330}
@media print{body{max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
`;

/**
 * One self-contained HTML file: inline CSS, inline SVG charts, no scripts and no external URLs,
 * so it opens from a mail attachment or a file share as is.
 */
export function renderHtml(report: HtmlReport): string {
  const meta = Object.entries(report.meta)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  const headline = report.headline?.length
    ? `<div class="headline">${report.headline.map(figure).join('')}</div>`
    : '';
  const lede = report.lede ? `<p class="lede">${escapeHtml(report.lede)}</p>` : '';
  const subtitle = report.subtitle ? `<p class="sub">${escapeHtml(report.subtitle)}</p>` : '';
  const footer = meta
    ? `<footer><h2>About this report</h2><dl class="meta">${meta}</dl></footer>`
    : '';
  const body = report.sections.map(section).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${css}</style></head>
<body><header><h1>${escapeHtml(report.title)}</h1>${subtitle}${lede}${headline}</header>
${body}
${footer}
</body></html>
`;
}

function figure(f: Figure): string {
  const detail = f.detail ? `<div class="d">${escapeHtml(f.detail)}</div>` : '';
  return `<div class="fig${f.tone ? ` ${f.tone}` : ''}"><div class="l">${escapeHtml(f.label)}</div><div class="v">${escapeHtml(f.value)}</div>${detail}</div>`;
}

function section(s: HtmlSection): string {
  const notes = (s.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  const chart = s.chart && s.table.rows.length > 0 ? renderChart(s.chart) : '';
  let body: string;
  if (s.table.rows.length === 0) {
    body = `<p class="empty">${escapeHtml(s.empty ?? 'Nothing to show.')}</p>`;
  } else if (s.groupBy) {
    body = grouped(s.table, s.groupBy);
  } else {
    body = table(s.table.columns, s.table.rows, s.totalRow === true);
  }
  return `<section><h2>${escapeHtml(s.table.title)}</h2>${notes}${chart}${body}</section>`;
}

function isNumeric(c: Column): boolean {
  return c.kind === 'count' || c.kind === 'pct' || c.kind === 'days';
}

function headCell(c: Column, span = ''): string {
  const dot = c.severity ? `<span class="dot dot-${c.severity}"></span>` : '';
  return `<th${span}${isNumeric(c) ? ' class="n"' : ''}>${dot}${escapeHtml(c.label)}</th>`;
}

/** One header row, or two when columns have a `group`: the group spans its run of columns. */
function headRows(columns: readonly Column[]): string {
  if (!columns.some((c) => c.group)) return `<tr>${columns.map((c) => headCell(c)).join('')}</tr>`;
  let top = '';
  let bottom = '';
  for (let i = 0; i < columns.length;) {
    const c = columns[i]!;
    if (!c.group) {
      top += headCell(c, ' rowspan="2"');
      i++;
      continue;
    }
    let j = i;
    while (j < columns.length && columns[j]!.group === c.group) bottom += headCell(columns[j++]!);
    top += `<th colspan="${j - i}" class="grp">${escapeHtml(c.group)}</th>`;
    i = j;
  }
  return `<tr>${top}</tr><tr>${bottom}</tr>`;
}

/**
 * Kinds whose values are short and read badly split mid-word: they wrap at spaces only. Names
 * (groups, ids) wrap anywhere like other text, but keep room for a short word on a line.
 */
const whole: ReadonlySet<string> = new Set(['time', 'state', 'yes-no', 'severity']);

function bodyCell(c: Column, v: Cell): string {
  const text = escapeHtml(displayCell(c, v));
  if (c.kind === 'severity' && typeof v === 'string' && v in badge) {
    return `<td class="w"><span class="sev sev-${v}">${text}</span></td>`;
  }
  if (isNumeric(c)) return `<td class="n">${text}</td>`;
  if (c.kind === 'name') return `<td class="nm">${text}</td>`;
  return whole.has(c.kind ?? 'text') ? `<td class="w">${text}</td>` : `<td>${text}</td>`;
}

function table(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  totalRow: boolean,
): string {
  const head = headRows(columns);
  const body = rows
    .map((r, i) => {
      const cls = totalRow && i === rows.length - 1 ? ' class="total"' : '';
      return `<tr${cls}>${r.map((v, j) => bodyCell(columns[j]!, v)).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="wrap"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function grouped(t: Tabular, g: RowGrouping): string {
  const index = (key: string) => t.columns.findIndex((c) => c.key === key);
  const keyIdx = g.keys.map(index).filter((i) => i >= 0);
  const countIdx = g.countBy === undefined ? -1 : index(g.countBy);
  const [first] = keyIdx;
  if (first === undefined) return table(t.columns, t.rows, false);
  const groups = new Map<string, (readonly Cell[])[]>();
  for (const r of t.rows) {
    const k = displayCell(t.columns[first], r[first] ?? null);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  const keep = t.columns.map((_, i) => i).filter((i) => !keyIdx.includes(i));
  const columns = keep.map((i) => t.columns[i]!);
  return [...groups]
    .map(([name, rows]) => {
      const facts = keyIdx
        .slice(1)
        .map((i) => [t.columns[i]!, displayCell(t.columns[i], rows[0]![i] ?? null)] as const)
        .filter(([, v]) => v !== '')
        .map(([c, v]) => `${c.label}: ${v}`)
        .join(' · ');
      const count = `${rows.length} ${rows.length === 1 ? g.noun : `${g.noun}s`}`;
      const breakdown =
        countIdx >= 0 ? `: ${tally(rows, t.columns[countIdx], countIdx, g.countOrder ?? [])}` : '';
      return (
        `<h3>${escapeHtml(name)}<span class="count">${escapeHtml(count + breakdown)}</span></h3>` +
        (facts ? `<p class="facts">${escapeHtml(facts)}</p>` : '') +
        table(
          columns,
          rows.map((r) => keep.map((i) => r[i] ?? null)),
          false,
        )
      );
    })
    .join('\n');
}

/** `9 overdue, 2 due soon`: rows per value of one column, in `order`, then first seen. */
function tally(
  rows: readonly (readonly Cell[])[],
  c: Column | undefined,
  i: number,
  order: readonly string[],
): string {
  const n = new Map<string, number>();
  for (const v of order) n.set(v, 0);
  for (const r of rows) {
    const v = displayCell(c, r[i] ?? null);
    n.set(v, (n.get(v) ?? 0) + 1);
  }
  return [...n]
    .filter(([, k]) => k > 0)
    .map(([v, k]) => `${k} ${v}`)
    .join(', ');
}
