import type { PathKey } from '../source-map.js';

/** One step of the policy format, from `from` to `from + 1`, on the raw (unvalidated) value. */
export interface Migration {
  readonly from: number;
  readonly description: string;
  /** Returns the document in the next version's shape; never mutates its input. */
  migrate(doc: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Maps a path in the migrated shape back to where the value sat before, for error positions. */
  sourcePath(path: readonly PathKey[]): PathKey[];
}
