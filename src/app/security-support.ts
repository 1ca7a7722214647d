import type { Advisory } from '../domain/advisory.js';
import { dssSourceId } from '../advisories/debian-security-support/index.js';

/**
 * Whether a debian-security-support notice applies at `now`. An ended-support entry carries
 * its end date (YYYY-MM-DD) in `published` and applies from the start of that day (UTC); a
 * limited-support entry has no date and always applies. Without a clock a dated notice does
 * not apply, as end-of-life findings are not raised without one (`app/eol.ts`). Other sources
 * always apply.
 */
export function supportNoticeInEffect(
  advisory: Pick<Advisory, 'source' | 'published'>,
  now: Date | undefined,
): boolean {
  if (advisory.source !== dssSourceId || advisory.published === undefined) return true;
  if (now === undefined) return false;
  const start = Date.parse(`${advisory.published.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(start) && now.getTime() >= start;
}
