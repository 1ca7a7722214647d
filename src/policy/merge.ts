import type { PathKey } from './source-map.js';

/** Top-level lists that several files may each contribute to; everything else has one owner. */
const listKeys = new Set(['tiers', 'windows', 'freezes', 'waivers']);

export interface Part {
  readonly index: number;
  readonly doc: Readonly<Record<string, unknown>>;
}

export interface Merged {
  readonly doc: Record<string, unknown>;
  /** For a path into the merged document: which part holds it, and the path inside that part. */
  origin(path: readonly PathKey[]): { part: number; path: PathKey[] };
  /** Keys defined by two parts: [part, key, first part]. */
  readonly conflicts: readonly { part: number; key: string; first: number }[];
}

/**
 * Merges the documents of a policy directory (files in name order): list sections concatenate,
 * any other section must come from exactly one file. `version` is checked per file beforehand.
 */
export function mergeParts(parts: readonly Part[]): Merged {
  const doc: Record<string, unknown> = {};
  const owner = new Map<string, number>();
  const listOrigins = new Map<string, { part: number; index: number }[]>();
  const conflicts: { part: number; key: string; first: number }[] = [];
  for (const { index, doc: part } of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'version') {
        doc.version ??= value;
        owner.set(key, owner.get(key) ?? index);
        continue;
      }
      if (listKeys.has(key) && Array.isArray(value)) {
        const origins = listOrigins.get(key) ?? [];
        const existing = doc[key];
        if (existing === undefined || Array.isArray(existing)) {
          doc[key] = [...((existing as unknown[] | undefined) ?? []), ...(value as unknown[])];
          origins.push(...value.map((_, i) => ({ part: index, index: i })));
          listOrigins.set(key, origins);
          continue;
        }
      }
      const first = owner.get(key) ?? listOrigins.get(key)?.[0]?.part;
      if (first !== undefined) {
        conflicts.push({ part: index, key, first });
        continue;
      }
      owner.set(key, index);
      doc[key] = value;
    }
  }
  const fallback = parts[0]?.index ?? 0;
  return {
    doc,
    conflicts,
    origin(path) {
      const [key, i, ...rest] = path;
      if (typeof key !== 'string') return { part: fallback, path: [...path] };
      const list = listOrigins.get(key);
      if (list && typeof i === 'number') {
        const o = list[i];
        if (o) return { part: o.part, path: [key, o.index, ...rest] };
      }
      const part = owner.get(key) ?? list?.[0]?.part ?? fallback;
      return { part, path: [...path] };
    },
  };
}
