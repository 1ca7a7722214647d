import type { PolicyDocument } from '../schema.js';
import { checkNames } from './names.js';
import { checkTiers } from './tiers.js';
import type { Problem } from './types.js';
import { checkWaivers, waiverDateWarnings } from './waivers.js';
import { checkWindows } from './windows.js';

export type { Problem } from './types.js';

/**
 * Every cross-field rule, run on a document the schema accepted. Order is report order. With
 * `now` (from the caller's Clock), date-dependent warnings are added too.
 */
export function runChecks(doc: PolicyDocument, now?: Date): Problem[] {
  return [
    ...checkNames(doc),
    ...checkTiers(doc),
    ...checkWindows(doc),
    ...checkWaivers(doc),
    ...(now ? waiverDateWarnings(doc, now) : []),
  ];
}
