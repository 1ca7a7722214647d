import type { FeedFreshness } from '../../feeds.js';
import { EventType } from '../event-types.js';
import type { Detection } from './types.js';

/**
 * `feed.failed`: a feed whose latest attempt failed after its last success. `feed.stale`: a feed
 * in use (it has advisories or once synced) older than the freshness limit. Both keyed by
 * source and last success, so each failure streak and each stale spell is announced once.
 */
export function detectFeedProblems(feeds: Iterable<FeedFreshness>): Detection[] {
  const out: Detection[] = [];
  for (const f of feeds) {
    const since = f.lastSuccessAt ?? 'never';
    const failedLast =
      f.lastError !== null &&
      f.lastAttemptAt !== null &&
      (f.lastSuccessAt === null || Date.parse(f.lastAttemptAt) > Date.parse(f.lastSuccessAt));
    if (failedLast) {
      out.push({
        type: EventType.FeedFailed,
        key: `${f.source}@${since}`,
        subject: `feed/${f.source}`,
        data: {
          source: f.source,
          error: f.lastError,
          lastAttemptAt: f.lastAttemptAt,
          lastSuccessAt: f.lastSuccessAt,
        },
      });
    }
    if (f.stale && (f.lastSuccessAt !== null || f.advisories > 0)) {
      out.push({
        type: EventType.FeedStale,
        key: `${f.source}@${since}`,
        subject: `feed/${f.source}`,
        data: {
          source: f.source,
          lastSuccessAt: f.lastSuccessAt,
          ageSeconds: f.ageSeconds,
          advisories: f.advisories,
          newestAdvisory: f.newestAdvisory,
        },
      });
    }
  }
  return out;
}
