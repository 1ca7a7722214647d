import Table from 'cli-table3';

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
