import { z } from 'zod';

const label = z.string().regex(/^[A-Za-z0-9._+~^]+$/, 'expected an rpm version/release label');

/**
 * One entry of the JSON list shape (`[{ name, version, release, epoch?, size, arch, modularityLabel? }]`, as
 * written by snyk/rpm-parser from an rpm 4.16 database). `arch` is absent for gpg-pubkey.
 */
export const RpmJsonEntry = z.object({
  name: z.string().regex(/^[^\s/]+$/, 'expected a package name without spaces'),
  version: label,
  release: label,
  epoch: z.number().int().nonnegative().optional(),
  arch: z.string().regex(/^\S+$/).optional(),
  size: z.number().optional(),
  /** `%{MODULARITYLABEL}`: `(none)` or `''` for a package outside a module stream. */
  modularityLabel: z
    .string()
    .regex(/^(?:\S+)?$/, 'expected a modularity label without blanks')
    .optional(),
});
export type RpmJsonEntry = z.infer<typeof RpmJsonEntry>;
