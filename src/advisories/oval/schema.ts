import { z } from 'zod';

/** `<reference source="CVE" ref_id="CVE-2022-1529" ref_url="…"/>` (OVAL 5.11.2 ReferenceType). */
export const OvalReference = z.object({
  source: z.string().min(1),
  ref_id: z.string().min(1),
  ref_url: z.string().optional(),
});
export type OvalReference = z.infer<typeof OvalReference>;

/**
 * `<cve>` of a vendor `<advisory>` (not in the OVAL schema; Red Hat and Ubuntu both write it):
 * the CVE id as text, with CVSS, impact/priority, public date and, in Ubuntu's per-package
 * files, the test that checks this CVE.
 */
export const OvalCve = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  cvss2: z.string().optional(),
  cvss3: z.string().optional(),
  cvss_score: z.string().optional(),
  cvss_vector: z.string().optional(),
  impact: z.string().optional(),
  priority: z.string().optional(),
  public: z.string().optional(),
  test_ref: z.string().optional(),
});
export type OvalCve = z.infer<typeof OvalCve>;

/** The definition classes read as advisories (OVAL 5.11.2 ClassEnumeration). */
export const AdvisoryClass = z.enum(['vulnerability', 'patch']);
