import type { Location } from './errors.js';

/**
 * A problem found in one record of an input that was otherwise usable. The record is skipped,
 * the rest is kept, and the diagnostic is reported to the user.
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly location: Location;
}

/** Outcome of parsing a batch input: what was good, plus what was skipped and why. */
export interface Parsed<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
