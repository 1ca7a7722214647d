import type { AdvisorySource } from '../types.js';
import { parseOval } from './parse.js';

/** OVAL 5 definitions from Red Hat (OVAL v2), Ubuntu (usn/cve/pkg) and Debian. */
export const oval: AdvisorySource = {
  id: 'oval',
  displayName: 'OVAL definitions (Red Hat, Ubuntu, Debian)',
  urls: [
    'https://security.access.redhat.com/data/oval/v2/',
    'https://security-metadata.canonical.com/oval/',
    'https://www.debian.org/security/oval/',
  ],
  formats: ['xml'],
  parserVersion: 1,
  sniff(name, head) {
    if (/\.oval\.xml$|oval-definitions-[a-z]+\.xml$/i.test(name)) return true;
    return /<(\w+:)?oval_definitions[\s>]/.test(head);
  },
  parse: parseOval,
};
