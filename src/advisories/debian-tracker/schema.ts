import { z } from 'zod';

/** One release line of a CVE in the tracker JSON (security-tracker.debian.org/tracker/data/json). */
export const TrackerRelease = z.object({
  status: z.enum(['resolved', 'open', 'undetermined']),
  fixed_version: z.string().optional(),
  urgency: z.string().optional(),
  nodsa: z.string().optional(),
  nodsa_reason: z.string().optional(),
});
export type TrackerRelease = z.infer<typeof TrackerRelease>;

/** `releases` is `[]` (an empty PHP-style array) when no release is tracked. */
export const TrackerCve = z.object({
  description: z.string().optional(),
  releases: z.union([z.record(z.string(), z.unknown()), z.array(z.never()).transform(() => ({}))]),
});
export type TrackerCve = z.infer<typeof TrackerCve>;

/** Top level: source package → CVE id → entry. */
export const TrackerDocument = z.record(z.string(), z.unknown());
