import { z } from 'zod';
import { cvePattern, type KevEntry } from '../types.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/**
 * One catalog entry, per CISA's published schema
 * (https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json):
 * `cveID`, `dateAdded` and `dueDate` are required; the descriptive fields default to empty.
 */
export const KevVulnerability = z
  .object({
    cveID: z.string().trim().toUpperCase().regex(cvePattern, 'a CVE id like CVE-2021-44228'),
    vendorProject: z.string().default(''),
    product: z.string().default(''),
    vulnerabilityName: z.string().default(''),
    dateAdded: day,
    dueDate: day,
    knownRansomwareCampaignUse: z.string().default('Unknown'),
  })
  .transform((v): KevEntry => ({
    cve: v.cveID,
    vendorProject: v.vendorProject,
    product: v.product,
    name: v.vulnerabilityName,
    dateAdded: v.dateAdded,
    dueDate: v.dueDate,
    ransomware: v.knownRansomwareCampaignUse,
  }));

/** The catalog's envelope; entries are checked one by one so a bad one is skipped alone. */
export const KevCatalog = z.object({
  catalogVersion: z.string().min(1),
  dateReleased: z.string().min(1),
  vulnerabilities: z.array(z.unknown()),
});
