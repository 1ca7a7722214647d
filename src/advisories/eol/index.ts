import type { AdvisorySource } from '../types.js';
import { eolSourceId, parseEol } from './parse.js';

export {
  eolAdvisoryId,
  publicEnd,
  publicEndInstant,
  readLifecycle,
  type Lifecycle,
} from './parse.js';
export type { ExtendedSupport, LifecycleEntry } from './schema.js';

/** Platform end-of-life dates: Patchline's lifecycle table and endoflife.date product documents. */
export const eol: AdvisorySource = {
  id: eolSourceId,
  displayName: 'Platform end of life (Patchline table, endoflife.date)',
  urls: ['https://endoflife.date/docs/api/', 'https://endoflife.date/'],
  formats: ['json'],
  parserVersion: 1,
  sniff(name, head) {
    if (/"format"\s*:\s*"patchline-eol"/.test(head)) return true;
    return (
      /(^|\/)endoflife-[a-z0-9-]+\.json$/.test(name) &&
      /^\s*\[/.test(head) &&
      head.includes('"cycle"')
    );
  },
  parse: parseEol,
};
