import type { PathKey } from '../source-map.js';

/** A rule a validated document breaks, at a path into the (current-version) document. */
export interface Problem {
  readonly path: readonly PathKey[];
  readonly message: string;
  /** Point at the key rather than its value (unknown or duplicate keys). */
  readonly atKey?: boolean;
  readonly severity?: 'error' | 'warning';
}
