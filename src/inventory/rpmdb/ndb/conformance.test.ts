import { fileURLToPath } from 'node:url';
import { ndbBackend } from './index.js';
import { runRpmdbConformance } from '../conformance.js';

const fx = (p: string) => fileURLToPath(new URL(`../__fixtures__/${p}`, import.meta.url));

runRpmdbConformance({
  backend: ndbBackend,
  folder: 'ndb',
  fixture: fx('sle15-bci/Packages.db'),
  count: 35,
  others: [fx('cbl-mariner-2.0/rpmdb.sqlite'), fx('libuuid/Packages')],
});
