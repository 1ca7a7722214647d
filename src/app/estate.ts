import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError, ErrorCode } from '../domain/errors.js';

/** The bundled sample estate shipped under samples/estate/. */
export const sampleEstateDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'samples',
  'estate',
);

/**
 * The instant the bundled samples describe: their waivers, windows and feeds are dated around
 * it, so the demo runs as of this time unless told otherwise and reads the same on any date.
 */
export const sampleAsOf = new Date('2026-11-27T12:00:00Z');

/** The bundled sample advisories shipped under samples/feeds/. */
export const sampleFeedsDir = join(sampleEstateDir, '..', 'feeds');

const EstateAsset = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['host', 'image']).default('host'),
  file: z.string().min(1),
  platform: z.string().optional(),
  imageVersion: z.string().optional(),
  labels: z.record(z.string(), z.string()).default({}),
});
export type EstateAsset = z.infer<typeof EstateAsset>;

const Estate = z.strictObject({
  description: z.string().optional(),
  assets: z.array(EstateAsset).min(1),
});
export type Estate = z.infer<typeof Estate>;

/** A manifest as {@link loadEstate} returns it: `dir` is where its `file` paths start. */
export type LoadedEstate = Estate & { readonly dir: string };

/**
 * Reads an estate manifest: which inventory files to import under which names, kinds, labels
 * and lineage. `path` is a directory holding `estate.json` or the manifest file itself; asset
 * files are relative to the manifest. Images come first so their clones can be stored as deltas.
 */
export async function loadEstate(path: string): Promise<LoadedEstate> {
  const file = await manifestFile(path);
  const dir = dirname(file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `cannot read estate manifest: ${(e as Error).message}`,
      {
        location: { file },
        cause: e,
      },
    );
  }
  const parsed = Estate.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(ErrorCode.InputInvalid, `estate manifest: ${issue?.message ?? 'invalid'}`, {
      location: { file, pointer: `/${(issue?.path ?? []).join('/')}` },
    });
  }
  const assets = [...parsed.data.assets].sort(
    (a, b) => Number(a.kind === 'host') - Number(b.kind === 'host'),
  );
  return { ...parsed.data, assets, dir };
}

async function manifestFile(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? join(path, 'estate.json') : path;
  } catch {
    return path; // reading it reports why
  }
}
