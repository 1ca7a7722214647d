import { z } from 'zod';

/** OSV schema (ossf.github.io/osv-schema), the fields Patchline reads; unknown keys are ignored. */
export const OsvSeverity = z.object({ type: z.string(), score: z.string() });
export type OsvSeverity = z.infer<typeof OsvSeverity>;

/** Event versions must be non-empty: an empty `fixed` would read as "fixed in nothing". */
export const OsvEvent = z.object({
  introduced: z.string().min(1).optional(),
  fixed: z.string().min(1).optional(),
  last_affected: z.string().min(1).optional(),
  limit: z.string().min(1).optional(),
});
export type OsvEvent = z.infer<typeof OsvEvent>;

export const OsvRange = z.object({ type: z.string(), events: z.array(OsvEvent) });
export type OsvRange = z.infer<typeof OsvRange>;

export const OsvBinary = z.object({
  binary_name: z.string().min(1),
  binary_version: z.string().min(1),
});

export const OsvAffected = z.object({
  package: z.object({
    ecosystem: z.string(),
    name: z.string().min(1),
    purl: z.string().optional(),
  }),
  ranges: z.array(OsvRange).optional(),
  ecosystem_specific: z
    .object({ binaries: z.array(OsvBinary).optional() })
    .loose()
    .nullish(),
  database_specific: z
    .object({
      cves_map: z
        .object({
          cves: z.array(
            z.object({ id: z.string(), severity: z.array(OsvSeverity).optional() }).loose(),
          ),
        })
        .loose()
        .optional(),
    })
    .loose()
    .nullish(),
});
export type OsvAffected = z.infer<typeof OsvAffected>;

/**
 * The record envelope; `affected` must be an array (a record with any other `affected` is
 * rejected), whose elements are checked one by one (loose array).
 */
export const OsvRecord = z.object({
  id: z.string().min(1),
  summary: z.string().optional(),
  published: z.string().optional(),
  modified: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  upstream: z.array(z.string()).nullish(),
  severity: z.array(OsvSeverity).nullish(),
  affected: z.array(z.unknown()).optional(),
  references: z.array(z.object({ url: z.string() }).loose()).nullish(),
});
export type OsvRecord = z.infer<typeof OsvRecord>;
