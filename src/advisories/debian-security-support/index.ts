import type { AdvisorySource } from '../types.js';
import { dssSourceId, parseDebianSecuritySupport } from './parse.js';

export { dssSeverity, dssSourceId, limitedRelease } from './parse.js';

/** Debian's per-package end (or limit) of security support, from debian-security-support. */
export const debianSecuritySupport: AdvisorySource = {
  id: dssSourceId,
  displayName: 'Debian security support lists (debian-security-support)',
  urls: [
    'https://salsa.debian.org/debian/debian-security-support',
    'https://packages.debian.org/source/sid/debian-security-support',
  ],
  formats: ['text'],
  parserVersion: 1,
  sniff(name, head) {
    if (/(^|\/)security-support-(ended\.deb\d+|limited)$/.test(name)) return true;
    return /^# List of packages (whose security support ends before|where security support is limited)/m.test(
      head,
    );
  },
  parse: parseDebianSecuritySupport,
};
