import type { BenchSuite } from './harness.js';

/** Every benchmark suite, listed explicitly. */
export const suites: readonly BenchSuite[] = [];
