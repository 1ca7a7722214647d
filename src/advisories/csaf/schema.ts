import { z } from 'zod';

/** CSAF 2.0 (docs.oasis-open.org/csaf/csaf/v2.0) — the fields Patchline reads. */
export const CsafProduct = z.object({
  name: z.string(),
  product_id: z.string().min(1),
  product_identification_helper: z
    .object({ cpe: z.string().optional(), purl: z.string().optional() })
    .loose()
    .optional(),
});
export type CsafProduct = z.infer<typeof CsafProduct>;

export const CsafRelationship = z.object({
  category: z.string(),
  full_product_name: CsafProduct,
  product_reference: z.string(),
  relates_to_product_reference: z.string(),
});
export type CsafRelationship = z.infer<typeof CsafRelationship>;

const ProductIds = z.array(z.string()).optional();

export const CsafRemediation = z
  .object({
    category: z.string(),
    details: z.string().optional(),
    product_ids: ProductIds,
    group_ids: ProductIds,
    restart_required: z.object({ category: z.string() }).loose().optional(),
  })
  .loose();
export type CsafRemediation = z.infer<typeof CsafRemediation>;

const CvssBlock = z
  .object({ baseScore: z.number(), vectorString: z.string(), version: z.string() })
  .loose();

export const CsafVulnerability = z
  .object({
    cve: z.string().optional(),
    title: z.string().optional(),
    product_status: z.record(z.string(), z.array(z.string())).optional(),
    remediations: z.array(CsafRemediation).optional(),
    threats: z
      .array(
        z.object({ category: z.string(), details: z.string(), product_ids: ProductIds }).loose(),
      )
      .optional(),
    scores: z
      .array(
        z
          .object({
            products: z.array(z.string()),
            cvss_v2: CvssBlock.optional(),
            cvss_v3: CvssBlock.optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();
export type CsafVulnerability = z.infer<typeof CsafVulnerability>;

/** Envelope; product tree and vulnerabilities are walked element by element. */
export const CsafDocument = z.object({
  document: z
    .object({
      category: z.string(),
      csaf_version: z.literal('2.0'),
      title: z.string(),
      aggregate_severity: z.object({ text: z.string() }).loose().optional(),
      tracking: z
        .object({
          id: z.string().min(1),
          initial_release_date: z.string(),
          current_release_date: z.string(),
        })
        .loose(),
      references: z
        .array(z.object({ category: z.string().optional(), url: z.string() }).loose())
        .optional(),
    })
    .loose(),
  product_tree: z
    .object({ branches: z.unknown(), full_product_names: z.unknown(), relationships: z.unknown() })
    .partial()
    .loose()
    .optional(),
  vulnerabilities: z.unknown().optional(),
});
export type CsafDocument = z.infer<typeof CsafDocument>;
