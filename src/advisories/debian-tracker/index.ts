import type { AdvisorySource } from '../types.js';
import { parseDebianTracker } from './parse.js';

/** Debian security tracker: the per-CVE JSON export and the DSA/DLA `list` files. */
export const debianTracker: AdvisorySource = {
  id: 'debian-tracker',
  displayName: 'Debian security tracker (JSON, DSA/DLA list)',
  urls: [
    'https://security-tracker.debian.org/tracker/data/json',
    'https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DSA/list',
    'https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DLA/list',
  ],
  formats: ['json', 'text'],
  parserVersion: 1,
  sniff(_name, head) {
    if (/^\[\d{1,2} [A-Za-z]{3} \d{4}\] (DSA|DLA|DTSA)-/m.test(head)) return true;
    return /^\s*\{\s*"[^"]+"\s*:\s*\{\s*"(CVE|TEMP)-[^"]+"\s*:\s*\{/.test(head);
  },
  parse: parseDebianTracker,
};
