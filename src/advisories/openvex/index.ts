import type { AdvisorySource } from '../types.js';
import { parseOpenVex } from './parse.js';

/** OpenVEX documents with Debian/Ubuntu package purls (Ubuntu's per-CVE VEX). */
export const openvex: AdvisorySource = {
  id: 'openvex',
  displayName: 'OpenVEX (Ubuntu per-CVE VEX)',
  urls: ['https://security-metadata.canonical.com/vex/'],
  formats: ['json'],
  parserVersion: 1,
  sniff(_name, head) {
    return /"@context"\s*:\s*"https:\/\/openvex\.dev\/ns/.test(head);
  },
  parse: parseOpenVex,
};
