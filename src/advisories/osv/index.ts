import type { AdvisorySource } from '../types.js';
import { parseOsv } from './parse.js';

const osvId =
  /"id"\s*:\s*"(DSA|DLA|DTSA|USN|LSN|UBUNTU-CVE|ALSA|ALBA|ALEA|RLSA|RLBA|RLEA|RXSA|ALPINE-CVE)-/;

const osvEcosystem = /"ecosystem"\s*:\s*"(Debian|Ubuntu|AlmaLinux|Rocky Linux|Alpine):/;

/** OSV records from distribution feeds: Debian, Ubuntu, AlmaLinux, Rocky Linux, Alpine. */
export const osv: AdvisorySource = {
  id: 'osv',
  displayName: 'OSV (Debian, Ubuntu, AlmaLinux, Rocky Linux, Alpine)',
  urls: [
    'https://ossf.github.io/osv-schema/',
    'https://storage.googleapis.com/osv-vulnerabilities/index.html',
    'https://github.com/canonical/ubuntu-security-notices',
    'https://github.com/AlmaLinux/osv-database',
  ],
  formats: ['json'],
  parserVersion: 2,
  sniff(_name, head) {
    const text = head.trimStart();
    if (!text.startsWith('{') && !text.startsWith('[')) return false;
    if (/"csaf_version"|"document"\s*:/.test(head)) return false;
    return osvId.test(head) || osvEcosystem.test(head) || /"schema_version"\s*:/.test(head);
  },
  parse: parseOsv,
};
