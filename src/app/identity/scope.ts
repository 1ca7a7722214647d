import { z } from 'zod';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Scope } from '../../store/index.js';

const scopeSchema = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((s) => Object.keys(s).length <= 32, 'at most 32 labels');

/** A scope from an untrusted source (API body, CLI); INPUT_INVALID when it is not one. */
export function toScope(value: unknown): Scope {
  const r = scopeSchema.safeParse(value);
  if (!r.success) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `a scope is an object of label names to values: ${r.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}

/** `env=prod,team=web` as a scope; every pair needs `=` and a name. */
export function parseScope(text: string): Scope {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq).trim();
    if (key === '') {
      throw new AppError(
        ErrorCode.InputInvalid,
        `scope "${text}": expected label=value pairs split by commas`,
      );
    }
    if (Object.hasOwn(out, key)) {
      throw new AppError(ErrorCode.InputInvalid, `scope "${text}" names ${key} twice`);
    }
    out[key] = part.slice(eq + 1).trim();
  }
  return toScope(out);
}

/** `env=prod,team=web`, or `*` for the whole estate. */
export function formatScope(scope: Scope | undefined | null): string {
  if (!scope) return '*';
  return Object.entries(scope)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
