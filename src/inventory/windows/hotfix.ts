/** One row of a hotfix listing. `kb` is null when the HotFixID cell is not `KB<digits>`. */
export interface HotfixRow {
  readonly line: number;
  readonly kb: string | null;
  readonly raw: string;
  readonly host?: string;
}

const kbCell = /^KB\d{4,8}$/i;

/**
 * Reads `wmic qfe list` / `wmic qfe get …` and PowerShell `Get-HotFix` tables: a header line
 * naming `HotFixID`, fixed-width columns below it (cells can be empty, so we cut at the header's
 * column rather than splitting on spaces); a blank line ends the table. Also accepts list output,
 * `HotFixID=KB…` (`wmic qfe list /format:list`) and `HotFixID    : KB…` (`Get-HotFix | Format-List`).
 * The `CSName`/`Source` column gives the host.
 */
export function readHotfixTable(all: readonly string[]): HotfixRow[] {
  const rows: HotfixRow[] = [];
  let col = -1;
  let hostCol = -1;
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const listed = /^HotFixID\s*[:=]\s*(.*)$/.exec(line);
    if (listed) {
      const raw = listed[1]!.trim();
      rows.push({ line: i + 1, kb: kbCell.test(raw) ? raw.toUpperCase() : null, raw });
      continue;
    }
    const header = headerColumns(line);
    if (header) {
      col = header.kb;
      hostCol = header.host;
      continue;
    }
    if (col >= 0 && line.trim() === '' && rows.length > 0) col = -1;
    if (col < 0 || line.trim() === '' || /^[\s-]+$/.test(line)) continue;
    const raw = cellAt(line, col);
    const host = hostCol >= 0 ? cellAt(line, hostCol) : '';
    rows.push({
      line: i + 1,
      kb: kbCell.test(raw) ? raw.toUpperCase() : null,
      raw,
      ...(host ? { host } : {}),
    });
  }
  return rows;
}

function headerColumns(line: string): { kb: number; host: number } | null {
  const kb = line.indexOf('HotFixID');
  if (kb < 0 || !/(^|\s)HotFixID(\s|$)/.test(line)) return null;
  const cs = line.search(/(^|\s)(CSName|Source)(\s|$)/);
  const host = cs < 0 ? -1 : cs + (line[cs] === ' ' ? 1 : 0);
  return { kb, host };
}

/** The whitespace-free token starting at `col` (tolerating a shift of a few columns left). */
function cellAt(line: string, col: number): string {
  let start = Math.min(col, line.length);
  while (start > 0 && line[start - 1] !== ' ' && line[start - 1] !== '\t') start--;
  let end = start;
  while (end < line.length && line[end] !== ' ' && line[end] !== '\t') end++;
  return line.slice(start, end);
}
