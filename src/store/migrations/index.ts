import type { Migration } from 'kysely';
import * as init from './0001-init.js';
import * as vsphere from './0002-vsphere.js';
import * as findingClocks from './0003-finding-clocks.js';
import * as ingestIndexes from './0004-ingest-indexes.js';
import * as assetRetirement from './0005-asset-retirement.js';
import * as affectedModule from './0006-affected-module.js';
import * as enrichment from './0007-enrichment.js';
import * as packageModularity from './0008-package-modularity.js';
import * as identity from './0009-identity.js';
import * as jobs from './0010-jobs.js';
import * as webhooks from './0011-webhooks.js';
import * as policyVersions from './0012-policy-versions.js';

/**
 * Every migration, by name, in the order they apply (Kysely sorts names). Adding one is one
 * line here plus its file `NNNN-what.ts` exporting `up` (and `down`).
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-init': init,
  '0002-vsphere': vsphere,
  '0003-finding-clocks': findingClocks,
  '0004-ingest-indexes': ingestIndexes,
  '0005-asset-retirement': assetRetirement,
  '0006-affected-module': affectedModule,
  '0007-enrichment': enrichment,
  '0008-package-modularity': packageModularity,
  '0009-identity': identity,
  '0010-jobs': jobs,
  '0011-webhooks': webhooks,
  '0012-policy-versions': policyVersions,
};
