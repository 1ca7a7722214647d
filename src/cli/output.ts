import Table from 'cli-table3';
import type { AssetFindingCounts } from '../app/evaluate-fleet.js';

/** Where command output goes; injected so tests can capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** A table for people; `--json` is for scripts. */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly unknown[])[],
): string {
  const t = new Table({ head: [...head], style: { head: [], border: [], compact: true } });
  for (const r of rows) t.push(r.map(cell));
  return t.toString();
}

function cell(c: unknown): string {
  if (c === undefined || c === null) return '';
  if (typeof c === 'string') return c;
  return JSON.stringify(c) ?? '';
}

/** Per-asset finding counts, as `evaluate` and `demo` print them. */
export function renderFindingCounts(rows: readonly AssetFindingCounts[]): string {
  const head = ['asset', 'kind', 'platform', 'cloned from', 'findings', 'critical', 'high'];
  return renderTable(
    [...head, 'medium', 'low', 'inherited', 'introduced', 'regressed'],
    rows.map((r) => [
      r.asset,
      r.kind,
      r.platform,
      r.image,
      r.total,
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
