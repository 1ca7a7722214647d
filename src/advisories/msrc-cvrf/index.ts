import type { AdvisorySource } from '../types.js';
import { parseMsrcCvrf } from './parse.js';

/** Microsoft Security Response Center monthly CVRF documents (XML and v3 API JSON). */
export const msrcCvrf: AdvisorySource = {
  id: 'msrc-cvrf',
  displayName: 'Microsoft MSRC CVRF (monthly security updates)',
  urls: [
    'https://api.msrc.microsoft.com/cvrf/v3.0/updates',
    'https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/2023-Dec',
  ],
  formats: ['xml', 'json'],
  parserVersion: 2,
  sniff(_name, head) {
    if (/<(\w+:)?cvrfdoc\b/.test(head)) return true;
    return /"DocumentTracking"\s*:|"DocumentTitle"\s*:\s*\{\s*"Value"/.test(head);
  },
  parse: parseMsrcCvrf,
};
