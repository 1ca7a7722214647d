import { z } from 'zod';

const day = z.iso.date('a date like 2024-06-30');

/** A paid or community programme that extends support past its standard end. */
export const ExtendedSupport = z.strictObject({
  /** `LTS` (Debian), `ESM` (Ubuntu Pro), `ESU` (Microsoft), `ELS` (Red Hat). */
  program: z.enum(['LTS', 'ESM', 'ESU', 'ELS']),
  /** Last supported day. */
  end: day,
  /** True when an asset needs a subscription (policy `eol.extendedSupport`) to be covered. */
  subscription: z.boolean(),
  source: z.url({ protocol: /^https$/ }).optional(),
});
export type ExtendedSupport = z.output<typeof ExtendedSupport>;

/** One platform stream's support dates, as the bundled table and `eol` feed documents hold them. */
export const LifecycleEntry = z.strictObject({
  /** Platform stream as inventories name it: `centos:7`, `windows:6.3.9600` (by build). */
  stream: z.string().regex(/^[a-z]+:[0-9A-Za-z][0-9A-Za-z._-]*$/, 'a stream like centos:7'),
  name: z.string().min(1),
  /** Last day of standard (security) support. */
  standardEnd: day,
  extended: ExtendedSupport.optional(),
  /** Where the dates come from (the vendor's lifecycle page). */
  source: z.url({ protocol: /^https$/ }),
});
export type LifecycleEntry = z.output<typeof LifecycleEntry>;

/** Patchline's lifecycle table (`data/eol.json`): versioned, each entry with its source. */
export const LifecycleTable = z.strictObject({
  format: z.literal('patchline-eol'),
  /** Bumped whenever an entry changes. */
  version: z.int().positive(),
  /** Day the table was last checked against its sources. */
  updated: day,
  entries: z.array(z.unknown()),
});

/** One release cycle of an endoflife.date product (`/api/<product>.json`, API v0). */
export const EndOfLifeDateCycle = z.object({
  cycle: z.union([z.string(), z.number()]).transform(String),
  eol: z.union([day, z.boolean()]),
  extendedSupport: z.union([day, z.boolean()]).optional(),
  link: z.string().nullish(),
});
export type EndOfLifeDateCycle = z.output<typeof EndOfLifeDateCycle>;
