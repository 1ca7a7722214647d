import { fileURLToPath } from 'node:url';
import { bdbBackend } from './index.js';
import { runRpmdbConformance } from '../conformance.js';

const fx = (p: string) => fileURLToPath(new URL(`../__fixtures__/${p}`, import.meta.url));

runRpmdbConformance({
  backend: bdbBackend,
  folder: 'bdb',
  fixture: fx('libuuid/Packages'),
  count: 1,
  others: [fx('cbl-mariner-2.0/rpmdb.sqlite'), fx('sle15-bci/Packages.db')],
});
