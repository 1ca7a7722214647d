import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Mirror, MirrorRoute } from '../../fetch/testing/mirror.js';

/** The folder of the enrichment fixtures. */
export const fixtures = join(import.meta.dirname, '../__fixtures__');

/** The KEV catalog excerpt and the EPSS scores excerpt (origins in `__fixtures__`). */
export const kevJson = readFileSync(join(fixtures, 'known_exploited_vulnerabilities.json'));
export const epssCsv = readFileSync(join(fixtures, 'epss_scores-2026-12-06.csv'));

/**
 * Serves the KEV excerpt at `/kev.json` with ETag `"k1"`, and the EPSS excerpt gzipped at
 * `/epss_scores-current.csv.gz` with the validators in `epss`.
 */
export function publishEnrichment(m: Mirror, epss: Omit<MirrorRoute, 'body'> = {}): void {
  m.routes.set('/kev.json', { body: kevJson, etag: '"k1"' });
  m.routes.set('/epss_scores-current.csv.gz', { body: gzipSync(epssCsv), ...epss });
}

/** The variables that point the KEV and EPSS sources at what `publishEnrichment` serves. */
export function enrichmentEnv(m: Mirror): Record<string, string> {
  return {
    PATCHLINE_FEED_KEV_URL: `${m.url}/kev.json`,
    PATCHLINE_FEED_EPSS_URL: `${m.url}/epss_scores-current.csv.gz`,
  };
}
