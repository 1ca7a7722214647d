import { currentPolicyVersion } from '../schema.js';
import type { PathKey } from '../source-map.js';
import type { Migration } from './types.js';
import { v0ToV1 } from './v0-to-v1.js';

export type { Migration } from './types.js';

/** Every migration, in order; `migrations[i].from === i`. Add one per format change. */
export const migrations: readonly Migration[] = [v0ToV1];

export interface Migrated {
  readonly doc: Record<string, unknown>;
  /** The version the input declared. */
  readonly fromVersion: number;
  /** Maps a path in the current shape back to the input's shape. */
  readonly sourcePath: (path: readonly PathKey[]) => PathKey[];
}

/**
 * Brings a raw document at `version` up to the current version by applying each step in turn.
 * Returns an error message instead when the version is missing, unknown or newer than ours.
 */
export function migrate(doc: Readonly<Record<string, unknown>>): Migrated | string {
  const version = doc.version;
  if (version === undefined) {
    return `version is required (the current format is version: ${currentPolicyVersion})`;
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return `version must be a whole number such as ${currentPolicyVersion}, not ${JSON.stringify(version)}`;
  }
  if (version > currentPolicyVersion) {
    return `version ${version} is newer than this Patchline understands (${currentPolicyVersion})`;
  }
  if (version < 0) return `version ${version} does not exist`;
  let current: Record<string, unknown> = { ...doc };
  const applied: Migration[] = [];
  for (const step of migrations.slice(version, currentPolicyVersion)) {
    current = step.migrate(current);
    applied.push(step);
  }
  return {
    doc: current,
    fromVersion: version,
    sourcePath: (path) => applied.reduceRight<PathKey[]>((p, m) => m.sourcePath(p), [...path]),
  };
}
