import { z } from 'zod';

/** `k=v,k2=v2` (or repeated) label selectors in a query string. */
export const labelSelector = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const part of (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(','))) {
      const eq = part.indexOf('=');
      if (eq <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not KEY=VALUE` });
        return z.NEVER;
      }
      out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    return out;
  })
  .describe('label selector, KEY=VALUE[,KEY=VALUE]');

export const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`at most ${max}`);

export const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const labels = z.record(z.string(), z.string());

export const nameParam = z.object({ name: z.string().min(1).max(512) });
export const idParam = z.object({ id: z.string().min(1).max(200) });

export const severity = z.enum(['critical', 'high', 'medium', 'low', 'none']);

/** Loose objects: the listed fields are the contract, more may follow. */
export const assetListing = z.looseObject({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  platform: z.string().nullable(),
  labels,
  clonedFrom: z.looseObject({ id: z.string(), name: z.string() }).nullable(),
  packageCount: z.number().nullable(),
  lastInventoryAt: z.string().nullable(),
});

export const finding = z.looseObject({
  asset: z.string(),
  package: z.string(),
  installed: z.string(),
  advisory: z.string(),
  cves: z.array(z.string()),
  severity: z.string(),
  status: z.string(),
  origin: z.string(),
});

export const jobRecord = z.looseObject({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  attempts: z.number(),
  createdAt: z.string(),
  requestedBy: z.string(),
});

export const anyJson = z.looseObject({});
