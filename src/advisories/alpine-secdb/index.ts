import type { AdvisorySource } from '../types.js';
import { parseAlpineSecdb } from './parse.js';

/** Alpine Linux security database, per branch and repository. */
export const alpineSecdb: AdvisorySource = {
  id: 'alpine-secdb',
  displayName: 'Alpine secdb (JSON and YAML)',
  urls: [
    'https://secdb.alpinelinux.org/',
    'https://gitlab.alpinelinux.org/alpine/infra/alpine-secdb',
  ],
  formats: ['json', 'yaml'],
  parserVersion: 1,
  sniff(_name, head) {
    return /"?distroversion"?\s*:/.test(head) && /"?(packages|apkurl|archs)"?\s*:/.test(head);
  },
  parse: parseAlpineSecdb,
};
