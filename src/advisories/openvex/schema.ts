import { z } from 'zod';

/** OpenVEX status values (OpenVEX spec v0.2.0 §"Status Labels"). */
export const VexStatus = z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']);
export type VexStatus = z.infer<typeof VexStatus>;

/** A vulnerability: an object with `name` (v0.2.0) or a bare id string (v0.0.x). */
const Vulnerability = z.union([
  z
    .string()
    .min(1)
    .transform((name) => ({ name, aliases: [] as string[] })),
  z
    .object({
      '@id': z.string().optional(),
      name: z.string().min(1),
      aliases: z.array(z.string()).optional(),
    })
    .loose(),
]);

/** A product: its `@id` (a purl for Ubuntu) or `identifiers.purl`. */
export const VexProduct = z
  .object({
    '@id': z.string().optional(),
    identifiers: z.object({ purl: z.string().optional() }).loose().optional(),
  })
  .loose();
export type VexProduct = z.infer<typeof VexProduct>;

export const VexStatement = z
  .object({
    vulnerability: Vulnerability,
    timestamp: z.string().optional(),
    last_updated: z.string().optional(),
    products: z.array(z.unknown()).default([]),
    status: VexStatus,
    justification: z.string().optional(),
    impact_statement: z.string().optional(),
    action_statement: z.string().optional(),
  })
  .loose();
export type VexStatement = z.infer<typeof VexStatement>;

/** The document envelope; statements are validated one by one. */
export const VexDocument = z
  .object({
    '@context': z.string().regex(/openvex/i),
    '@id': z.string().optional(),
    timestamp: z.string().optional(),
    last_updated: z.string().optional(),
    statements: z.array(z.unknown()),
  })
  .loose();
