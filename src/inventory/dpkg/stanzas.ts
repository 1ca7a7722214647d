/** One field of a deb822 stanza, with the line it starts on. */
export interface Field {
  readonly value: string;
  readonly line: number;
}

/** A blank-line-separated stanza: wanted fields by lower-cased name, plus the first bad line. */
export interface Stanza {
  readonly line: number;
  readonly fields: Map<string, Field>;
  malformed?: { readonly line: number; readonly text: string };
}

/**
 * Splits deb822 text (deb822(5): `Name: value` fields, continuation lines starting with a space
 * or tab, stanzas separated by blank lines) into stanzas, keeping only the `wanted` fields
 * (lower-case names). One pass with `indexOf`, no per-line copies of continuation lines, which
 * are most of a status file; never throws. Continuation lines are dropped: no field Patchline
 * reads is multi-line.
 */
export function readStanzas(text: string, wanted: ReadonlySet<string>): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza | undefined;
  let hasField = false;
  let n = 0;
  let pos = 0;
  while (pos < text.length) {
    n++;
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const start = pos;
    pos = end + 1;
    const first = skipBlanks(text, start, end);
    if (first === end) {
      cur = undefined;
      continue;
    }
    if (!cur) {
      cur = { line: n, fields: new Map() };
      hasField = false;
      out.push(cur);
    }
    if (first > start) {
      if (!hasField) cur.malformed ??= { line: n, text: text.slice(start, end) };
      continue;
    }
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end || !isFieldName(text, start, colon)) {
      cur.malformed ??= { line: n, text: text.slice(start, end) };
      continue;
    }
    hasField = true;
    const name = text.slice(start, colon).toLowerCase();
    if (wanted.has(name)) {
      cur.fields.set(name, { value: text.slice(colon + 1, end).trim(), line: n });
    }
  }
  return out;
}

/** Index of the first character in [from, end) that is not space, tab or CR; `end` if none. */
function skipBlanks(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return i;
    i++;
  }
  return end;
}

/** deb822 field names: printable ASCII without spaces, not starting with `#` or `-`. */
function isFieldName(text: string, start: number, end: number): boolean {
  if (end === start) return false;
  const c0 = text.charCodeAt(start);
  if (c0 === 35 || c0 === 45) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}
