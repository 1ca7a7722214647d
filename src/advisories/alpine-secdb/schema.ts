import { z } from 'zod';

/** secfixes: fixed version → identifiers it fixes (an empty YAML key reads as null). */
export const SecdbPackage = z.object({
  pkg: z.object({
    name: z.string().min(1),
    secfixes: z
      .record(z.string(), z.array(z.string().nullable()).nullable())
      .nullish()
      .transform((v) => v ?? {}),
  }),
});
export type SecdbPackage = z.infer<typeof SecdbPackage>;

/** secdb.alpinelinux.org/<branch>/<repo>.json and the older alpine-secdb YAML (same shape). */
export const SecdbDocument = z.object({
  distroversion: z.string().regex(/^(v\d+\.\d+|edge)$/),
  reponame: z.string().optional(),
  archs: z.array(z.string()).optional(),
  packages: z.unknown(),
});
export type SecdbDocument = z.infer<typeof SecdbDocument>;
