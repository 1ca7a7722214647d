/** RFC 4180 CSV: one header row, CRLF line ends, fields quoted when they need it. */
export function toCsv(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [head, ...rows].map((r) => r.map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function field(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'string') s = v;
  else if (Array.isArray(v)) s = v.join(' ');
  else s = JSON.stringify(v) ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
