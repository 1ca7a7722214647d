import type { PolicyDocument } from '../schema.js';
import { checkNames } from './names.js';
import { checkTiers } from './tiers.js';
import type { Problem } from './types.js';
import { checkWaivers } from './waivers.js';
import { checkWindows } from './windows.js';

export type { Problem } from './types.js';

/** Every cross-field rule, run on a document the schema accepted. Order is report order. */
export function runChecks(doc: PolicyDocument): Problem[] {
  return [...checkNames(doc), ...checkTiers(doc), ...checkWindows(doc), ...checkWaivers(doc)];
}
