import type { BenchSuite } from './harness.js';
import { advisoriesBench } from './advisories.bench.js';
import { apiBench } from './api.bench.js';
import { complianceBench } from './compliance.bench.js';
import { debsecanBench } from './debsecan.bench.js';
import { engineBench } from './engine.bench.js';
import { estateImportBench } from './estate-import.bench.js';
import { evaluateStoreBench } from './evaluate-store.bench.js';
import { evaluationServiceBench } from './evaluation-service.bench.js';
import { feedsBench } from './feeds.bench.js';
import { inventoryBench } from './inventory.bench.js';
import { policyBench } from './policy.bench.js';
import { rpmdbBench } from './rpmdb.bench.js';
import { startupBench } from './startup.bench.js';
import { storeBench } from './store.bench.js';
import { versioningBench } from './versioning.bench.js';
import { vsphereBench } from './vsphere.bench.js';

/** Every benchmark suite, listed explicitly. */
export const suites: readonly BenchSuite[] = [
  storeBench,
  estateImportBench,
  versioningBench,
  engineBench,
  evaluateStoreBench,
  evaluationServiceBench,
  debsecanBench,
  inventoryBench,
  rpmdbBench,
  advisoriesBench,
  feedsBench,
  vsphereBench,
  policyBench,
  complianceBench,
  startupBench,
  apiBench,
];
