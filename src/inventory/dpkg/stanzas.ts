/** One field of a deb822 stanza, with the line it starts on. */
export interface Field {
  readonly value: string;
  readonly line: number;
}

/** A blank-line-separated stanza: fields by lower-cased name, plus the first malformed line. */
export interface Stanza {
  readonly line: number;
  readonly fields: Map<string, Field>;
  malformed?: { readonly line: number; readonly text: string };
}

/**
 * Splits deb822 text (deb822(5): `Name: value` fields, continuation lines starting with a space
 * or tab, stanzas separated by blank lines) into stanzas. Linear in the input; never throws.
 * Continuation lines are dropped: no field Patchline reads is multi-line.
 */
export function readStanzas(lines: readonly string[]): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza | undefined;
  let n = 0;
  for (const line of lines) {
    n++;
    if (line.trim() === '') {
      cur = undefined;
      continue;
    }
    if (!cur) {
      cur = { line: n, fields: new Map() };
      out.push(cur);
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (cur.fields.size === 0) cur.malformed ??= { line: n, text: line };
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!isFieldName(name)) {
      cur.malformed ??= { line: n, text: line };
      continue;
    }
    cur.fields.set(name.toLowerCase(), { value: line.slice(colon + 1).trim(), line: n });
  }
  return out;
}

function isFieldName(s: string): boolean {
  if (s.length === 0 || s[0] === '#' || s[0] === '-') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}
