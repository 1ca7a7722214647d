import type { AdvisorySource } from '../types.js';
import { parseUsnDatabase } from './parse.js';

/** Ubuntu Security Notices database (JSON, shipped bz2-compressed). */
export const ubuntuUsn: AdvisorySource = {
  id: 'ubuntu-usn',
  displayName: 'Ubuntu Security Notices database',
  urls: ['https://usn.ubuntu.com/usn-db/database-all.json.bz2'],
  formats: ['json'],
  parserVersion: 1,
  sniff(name, head) {
    if (/usn-db|database-all\.json/i.test(name)) return true;
    return /^\s*\{\s*"\d+-\d+"\s*:\s*\{/.test(head);
  },
  parse: parseUsnDatabase,
};
