import type { z } from 'zod';
import { pointer } from './document.js';
import type { DiagnosticSink } from './document.js';

/**
 * Validates each element of a feed array on its own (STYLE.md §4.2 rule 6, Renovate `LooseArray`):
 * good elements are kept, a bad one is reported with the JSON pointer of the first issue and skipped.
 * `recordOf` names the element for the diagnostic when it can.
 */
export function looseArray<T>(
  schema: z.ZodType<T>,
  items: unknown,
  path: readonly (string | number)[],
  sink: DiagnosticSink,
  recordOf: (item: unknown) => string | undefined = recordIdOf,
): T[] {
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) {
    sink.error('expected an array', { pointer: pointer(path) });
    return [];
  }
  const out: T[] = [];
  for (const [i, item] of items.entries()) {
    const value = looseItem(schema, item, [...path, i], sink, recordOf);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/** Same as `looseArray`, each kept element paired with its index in `items` (for pointers). */
export function looseIndexed<T>(
  schema: z.ZodType<T>,
  items: unknown,
  path: readonly (string | number)[],
  sink: DiagnosticSink,
  recordOf: (item: unknown) => string | undefined = recordIdOf,
): [number, T][] {
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) {
    sink.error('expected an array', { pointer: pointer(path) });
    return [];
  }
  const out: [number, T][] = [];
  for (const [i, item] of items.entries()) {
    const value = looseItem(schema, item, [...path, i], sink, recordOf);
    if (value !== undefined) out.push([i, value]);
  }
  return out;
}

/** Validates one record; reports and returns undefined when it does not match. */
export function looseItem<T>(
  schema: z.ZodType<T>,
  item: unknown,
  path: readonly (string | number)[],
  sink: DiagnosticSink,
  recordOf: (item: unknown) => string | undefined = recordIdOf,
): T | undefined {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  reportIssue(parsed.error, path, sink, recordOf(item));
  return undefined;
}

/** Same as `looseArray` for an object used as a map (`{ key: record }`). */
export function looseRecord<T>(
  schema: z.ZodType<T>,
  items: unknown,
  path: readonly (string | number)[],
  sink: DiagnosticSink,
): [string, T][] {
  if (items === undefined || items === null) return [];
  if (typeof items !== 'object' || Array.isArray(items)) {
    sink.error('expected an object', { pointer: pointer(path) });
    return [];
  }
  const out: [string, T][] = [];
  for (const [key, item] of Object.entries(items)) {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      out.push([key, parsed.data]);
      continue;
    }
    reportIssue(parsed.error, [...path, key], sink, key);
  }
  return out;
}

function reportIssue(
  error: z.ZodError,
  path: readonly (string | number)[],
  sink: DiagnosticSink,
  record: string | undefined,
): void {
  const issue = error.issues[0];
  const at = [...path, ...(issue?.path ?? []).map((p) => (typeof p === 'symbol' ? '' : p))];
  const where = { pointer: pointer(at), ...(record === undefined ? {} : { record }) };
  sink.error(`invalid record skipped: ${issue?.message ?? 'does not match the schema'}`, where);
}

/** Best-effort record name: an `id`, `name` or `cve` string field. */
export function recordIdOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const rec = item as Record<string, unknown>;
  for (const key of ['id', 'ID', 'cve', 'CVE', 'name']) {
    const v = rec[key];
    if (typeof v === 'string') return v;
  }
  return undefined;
}
