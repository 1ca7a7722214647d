import type { AdvisorySource } from '../types.js';
import { parseCsaf } from './parse.js';

/** CSAF 2.0 advisories and VEX documents from Red Hat (RHSA/RHBA/RHEA, per-CVE VEX). */
export const csaf: AdvisorySource = {
  id: 'csaf',
  displayName: 'CSAF 2.0 advisories and VEX (Red Hat family)',
  urls: [
    'https://docs.oasis-open.org/csaf/csaf/v2.0/os/csaf-v2.0-os.html',
    'https://security.access.redhat.com/data/csaf/v2/advisories/',
    'https://security.access.redhat.com/data/csaf/v2/vex/',
  ],
  formats: ['json'],
  parserVersion: 2,
  sniff(_name, head) {
    return /"csaf_version"\s*:\s*"2\.0"/.test(head) || /^\s*\{\s*"document"\s*:\s*\{/.test(head);
  },
  parse: parseCsaf,
};
