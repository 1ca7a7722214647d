import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError, ErrorCode, type Location } from '../domain/errors.js';
import {
  JsonSyntaxError,
  parseJsonWithPositions,
  pointerSegment,
  positionOf,
  type JsonSourceMap,
} from '../util/json-source-map.js';
import { fsErrorCode, fsProblem } from '../util/fs-errors.js';

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

/** An asset of a loaded manifest, with where the manifest names its file. */
export type LocatedEstateAsset = EstateAsset & {
  /** `file:line:column` and JSON pointer of the asset's `file` value in the manifest. */
  readonly fileLocation?: Location;
};

/** A manifest as {@link loadEstate} returns it: `dir` is where its `file` paths start. */
export type LoadedEstate = Omit<Estate, 'assets'> & {
  readonly dir: string;
  readonly assets: readonly LocatedEstateAsset[];
  /** The manifest file read. */
  readonly manifest?: string;
};

/** What `loadEstate` expects at its path, in messages. */
const expectedPath = 'a directory holding estate.json or the manifest file';

/**
 * Reads an estate manifest: which inventory files to import under which names, kinds, labels
 * and lineage. `path` is a directory holding `estate.json` or the manifest file itself; asset
 * files are relative to the manifest. Images come first so their clones can be stored as deltas.
 *
 * An unusable manifest throws INPUT_INVALID listing every problem as `file:line:column`, in file
 * order: each
 * schema problem, and (since nothing is imported then) each asset file that cannot be read;
 * `details.diagnostics` holds them. A usable manifest leaves missing asset files to the import,
 * which refuses those assets alone.
 */
export async function loadEstate(path: string): Promise<LoadedEstate> {
  const file = await manifestFile(path);
  const dir = dirname(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fsProblem(e, file, expectedPath);
  }
  const map = parseManifest(file, text);
  const parsed = Estate.safeParse(map.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((i) => issueDiagnostics(file, map, i));
    problems.push(...(await unreadableFiles(file, dir, map)));
    throw manifestInvalid(file, problems.sort(byPosition));
  }
  const located = parsed.data.assets.map((a, i): LocatedEstateAsset => ({
    ...a,
    fileLocation: at(file, map, `/assets/${i}/file`),
  }));
  const assets = located.sort((a, b) => Number(a.kind === 'host') - Number(b.kind === 'host'));
  return { ...parsed.data, assets, dir, manifest: file };
}

async function manifestFile(path: string): Promise<string> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    throw fsProblem(e, path, expectedPath);
  }
  if (!isDir) return path;
  const file = join(path, 'estate.json');
  try {
    await stat(file);
  } catch (e) {
    if (fsErrorCode(e) !== 'ENOENT') throw fsProblem(e, file, expectedPath);
    throw new AppError(
      ErrorCode.NotFound,
      `${path} holds no estate.json: expected ${expectedPath}`,
      { cause: e, location: { file: path } },
    );
  }
  return file;
}

function parseManifest(file: string, text: string): JsonSourceMap {
  try {
    return parseJsonWithPositions(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new AppError(ErrorCode.InputInvalid, `estate manifest is not JSON: ${e.message}`, {
      cause: e,
      location: { file, ...e.position },
    });
  }
}

function at(file: string, map: JsonSourceMap, pointer: string, atKey = false): Location {
  return { file, ...positionOf(map, pointer, atKey), pointer };
}

/** One diagnostic per problem; an unknown key is reported at the key itself, once per key. */
function issueDiagnostics(file: string, map: JsonSourceMap, issue: z.core.$ZodIssue): Diagnostic[] {
  const pointer = issue.path.map((k) => `/${pointerSegment(String(k))}`).join('');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      severity: 'error',
      message: `unknown key "${key}"`,
      location: at(file, map, `${pointer}/${pointerSegment(key)}`, true),
    }));
  }
  return [{ severity: 'error', message: issue.message, location: at(file, map, pointer) }];
}

/** Asset files named by an invalid manifest that cannot be read, located where they are named. */
async function unreadableFiles(
  file: string,
  dir: string,
  map: JsonSourceMap,
): Promise<Diagnostic[]> {
  const assets = (map.value as { assets?: unknown } | null)?.assets;
  if (!Array.isArray(assets)) return [];
  const out: Diagnostic[] = [];
  for (const [i, a] of assets.entries()) {
    const name = (a as { file?: unknown } | null)?.file;
    if (typeof name !== 'string' || name === '') continue;
    const problem = await readable(join(dir, name));
    if (problem) {
      out.push({
        severity: 'error',
        message: problem.message,
        location: at(file, map, `/assets/${i}/file`),
      });
    }
  }
  return out;
}

async function readable(path: string): Promise<AppError | undefined> {
  try {
    await stat(path);
    return undefined;
  } catch (e) {
    return fsProblem(e, path, 'an inventory file');
  }
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  const l = (a.location.line ?? 0) - (b.location.line ?? 0);
  return l !== 0 ? l : (a.location.column ?? 0) - (b.location.column ?? 0);
}

/** All problems in one error: the first as its location, every one in the message. */
function manifestInvalid(file: string, problems: readonly Diagnostic[]): AppError {
  const details = { diagnostics: problems };
  const [first] = problems;
  if (problems.length === 1 && first) {
    return new AppError(ErrorCode.InputInvalid, `estate manifest: ${first.message}`, {
      location: first.location,
      details,
    });
  }
  const lines = problems.map((p) => `\n  ${formatProblem(p)}`).join('');
  return new AppError(
    ErrorCode.InputInvalid,
    `estate manifest has ${problems.length} problems:${lines}`,
    { location: { file }, details },
  );
}

/** `file:line:column: message (at /pointer)`. */
export function formatProblem(d: Diagnostic): string {
  const { file, line, column, pointer } = d.location;
  const where = [file, line, column].filter((x) => x !== undefined).join(':');
  return `${where}: ${d.message}${pointer === undefined ? '' : ` (at ${pointer || '/'})`}`;
}
