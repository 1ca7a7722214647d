import { fileURLToPath } from 'node:url';
import { sqliteBackend } from './index.js';
import { runRpmdbConformance } from '../conformance.js';

const fx = (p: string) => fileURLToPath(new URL(`../__fixtures__/${p}`, import.meta.url));

runRpmdbConformance({
  backend: sqliteBackend,
  folder: 'sqlite',
  fixture: fx('cbl-mariner-2.0/rpmdb.sqlite'),
  count: 129,
  others: [fx('libuuid/Packages'), fx('sle15-bci/Packages.db')],
});
