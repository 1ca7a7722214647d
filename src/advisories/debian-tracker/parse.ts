import { decodeText, invalidDocument, parseJsonDocument } from '../common/document.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { parseTrackerJson } from './parse-json.js';
import { parseDsaList } from './parse-list.js';

/** Tracker JSON when the payload is a JSON object, else the DSA/DLA `list` text format. */
export function parseDebianTracker(raw: RawAdvisoryInput): ParseOutcome {
  const text = decodeText(raw.bytes, raw.name);
  if (text.trimStart().startsWith('{')) {
    return parseTrackerJson(parseJsonDocument(raw.bytes, raw.name), raw.name);
  }
  if (!/^\[\d{1,2} [A-Za-z]{3} \d{4}\] (DSA|DLA|DTSA)-/m.test(text.slice(0, 4096))) {
    throw invalidDocument(raw.name, 'is neither tracker JSON nor a DSA/DLA list');
  }
  return parseDsaList(text, raw.name);
}
