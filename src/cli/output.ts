import { AsyncLocalStorage } from 'node:async_hooks';
import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import type { AssetFindingCounts } from '../app/evaluate-fleet.js';

/** Where command output goes; injected so tests can capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * A JSON document for stdout. The CLI holds it until the command ends so that, on an error,
   * the error can join it in one document; without this, `printJson` writes it through `out`.
   */
  json?(value: unknown): void;
  /** Whether stdout is a terminal: only then are tables fitted to `columns`. */
  readonly isTTY?: boolean;
  /** Width of the terminal stdout is, when known. */
  readonly columns?: number;
  /** The terminal stderr is, when it is one: progress bars draw there, and only then. */
  readonly progressStream?: NodeJS.WritableStream;
  /** All of stdin, for secrets that must not be in argv; absent: the process's stdin. */
  readStdin?(): Promise<string>;
}

/** The process's streams as an `Io`; bin.ts passes them (the only module that may). */
export function streamIo(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): Io {
  return {
    out: (t) => stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    isTTY: stdout.isTTY === true,
    ...(stdout.isTTY && stdout.columns > 0 && { columns: stdout.columns }),
    ...(stderr.isTTY && { progressStream: stderr }),
  };
}

export function printJson(io: Io, value: unknown): void {
  if (io.json) io.json(value);
  else io.out(JSON.stringify(value, null, 2));
}

/** How tables are laid out for the command running now; set by `run` from the injected Io. */
export interface TableLayout {
  /** Fit to this many columns; undefined: print every cell in full. */
  width: number | undefined;
}

const layoutScope = new AsyncLocalStorage<TableLayout>();

/** Runs `fn` with tables laid out by `layout` (`renderTable` reads it). */
export function withTableLayout<T>(layout: TableLayout, fn: () => T): T {
  return layoutScope.run(layout, fn);
}

/** Padding either side of a cell, and the floor a shrunk column keeps (text plus padding). */
const padding = 2;
const minColumn = 6;

/**
 * A table for people; `--json` is for scripts. Inside a layout with a width (a terminal, no
 * `--wide`), the widest columns give way first and cut cells end in `…`, so no line is wider
 * than the terminal. Headers are shown as words (`lastSyncAt` → `last sync at`).
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly unknown[])[],
  layout: TableLayout | undefined = layoutScope.getStore(),
): string {
  const words = head.map(headerWords);
  const cells = rows.map((r) => r.map(cell));
  const colWidths =
    layout?.width === undefined ? undefined : fitColumns(naturalWidths(words, cells), layout.width);
  const t = new Table({
    head: words,
    style: { head: [], border: [], compact: true },
    ...(colWidths && { colWidths, truncate: '…' }),
  });
  for (const r of cells) t.push(r);
  return t.toString();
}

/** `lastSyncAt`, `last_sync_at` → `last sync at`; headers already in words stay as they are. */
export function headerWords(h: string): string {
  if (!/^[a-z][A-Za-z0-9_]*$/.test(h)) return h;
  return h
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_+/g, ' ')
    .toLowerCase();
}

function naturalWidths(head: readonly string[], rows: readonly string[][]): number[] {
  return head.map(
    (h, i) => Math.max(textWidth(h), ...rows.map((r) => textWidth(r[i] ?? ''))) + padding,
  );
}

function textWidth(s: string): number {
  return Math.max(0, ...s.split('\n').map((l) => [...l].length));
}

/**
 * Column widths (padding included) whose table, borders and all, is at most `width` wide:
 * the widest columns are capped at one level, as high as still fits. A table that cannot fit
 * even with every column at its floor gets the floors.
 */
export function fitColumns(natural: readonly number[], width: number): number[] {
  const borders = natural.length + 1;
  const budget = width - borders;
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(natural) <= budget) return [...natural];
  const floors = natural.map((w) => Math.min(w, minColumn));
  const capped = (cap: number) => natural.map((w, i) => Math.max(floors[i]!, Math.min(w, cap)));
  let cap = Math.max(...natural);
  while (cap > minColumn && sum(capped(cap)) > budget) cap--;
  const widths = capped(cap);
  // Hand what the cap left over to the cut columns, one column each, left to right.
  let spare = budget - sum(widths);
  for (let i = 0; i < widths.length && spare > 0; i++) {
    if (widths[i]! < natural[i]!) {
      widths[i]!++;
      spare--;
    }
  }
  return widths;
}

function cell(c: unknown): string {
  if (c === undefined || c === null) return '';
  if (typeof c === 'string') return c;
  return JSON.stringify(c) ?? '';
}

/** A progress bar on the injected stderr terminal when output is for people; else none. */
export function progressBar(io: Io, enabled: boolean, format?: string): SingleBar | undefined {
  if (!enabled || io.progressStream === undefined) return undefined;
  return new SingleBar({
    clearOnComplete: true,
    stream: io.progressStream,
    ...(format !== undefined && { format }),
  });
}

/**
 * Per-asset finding counts, as `evaluate` and `demo` print them. An asset named in
 * `notAssessed` shows `not assessed` instead of a count of 0 that would read as clean.
 */
export function renderFindingCounts(
  rows: readonly AssetFindingCounts[],
  notAssessed: ReadonlySet<string> = new Set(),
): string {
  const head = ['asset', 'kind', 'platform', 'cloned from', 'findings', 'critical', 'high'];
  return renderTable(
    [...head, 'medium', 'low', 'inherited', 'introduced', 'regressed'],
    rows.map((r) => [
      r.asset,
      r.kind,
      r.platform,
      r.image,
      notAssessed.has(r.asset) ? 'not assessed' : r.total,
      r.critical,
      r.high,
      r.medium,
      r.low,
      r.inherited,
      r.introduced,
      r.regressed,
    ]),
  );
}
