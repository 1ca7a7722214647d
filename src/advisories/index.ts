/** Public surface of the advisory parsers: the interface, the registry and input helpers. */
export type { AdvisoryFormat, AdvisorySource, ParseOutcome, RawAdvisoryInput } from './types.js';
export {
  advisorySources,
  detectSource,
  getAdvisorySource,
  parseAdvisoryFile,
  type DetectedOutcome,
} from './registry.js';
export { decompress, detectCompression, type Compression } from './compression.js';
