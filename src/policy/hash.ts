import { createHash } from 'node:crypto';

/**
 * Canonical JSON in the manner of RFC 8785 (JCS) for the values a policy holds: object keys
 * sorted by code unit, no whitespace, `undefined` members dropped. Numbers are JSON numbers as
 * JavaScript prints them, which JCS also uses.
 */
export function canonicalJson(value: unknown): string {
  return append('', value);
}

/** `out` followed by the canonical JSON of `value`; one growing string, no per-node arrays. */
function append(out: string, value: unknown): string {
  if (value === null || typeof value !== 'object') return out + (JSON.stringify(value) ?? 'null');
  if (Array.isArray(value)) {
    out += '[';
    for (let i = 0; i < value.length; i++) out = append(i > 0 ? `${out},` : out, value[i] ?? null);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort orders strings by UTF-16 code unit, as JCS asks.
  const keys = Object.keys(record).sort();
  let sep = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out = append(`${out}${sep}${JSON.stringify(k)}:`, v);
    sep = ',';
  }
  return sep === '{' ? `${out}{}` : `${out}}`;
}

/** sha256 (hex) of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
