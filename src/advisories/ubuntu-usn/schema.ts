import { z } from 'zod';

const Versioned = z.record(z.string(), z.object({ version: z.string().min(1) }).loose());

/** One release of a USN: the binaries to upgrade and the source packages they come from. */
export const UsnRelease = z.object({
  binaries: Versioned.optional(),
  sources: Versioned.optional(),
});
export type UsnRelease = z.infer<typeof UsnRelease>;

/** One notice in usn.ubuntu.com/usn-db/database-all.json, keyed by `NNNN-N`. */
export const UsnNotice = z.object({
  id: z.string().optional(),
  title: z.string().optional(),
  summary: z.string().optional(),
  action: z.string().optional(),
  timestamp: z.number().finite().nonnegative(),
  cves: z.array(z.string()).optional(),
  releases: z.record(z.string(), z.unknown()),
});
export type UsnNotice = z.infer<typeof UsnNotice>;
