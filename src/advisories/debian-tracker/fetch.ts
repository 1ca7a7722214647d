import type { FeedDefinition } from '../fetch/types.js';

/**
 * The Debian security tracker's whole database as JSON (~70 MB),
 * `https://security-tracker.debian.org/tracker/data/json`; the server sends ETag/Last-Modified,
 * so an unchanged tracker costs one 304.
 */
export const debianTrackerFeed: FeedDefinition = {
  id: 'debian-tracker',
  defaultBaseUrl: 'https://security-tracker.debian.org/tracker',
  description: 'Debian security tracker JSON (all source packages, all releases)',
  options: {},
  list: (ctx) =>
    Promise.resolve({ documents: [{ url: `${ctx.baseUrl}/data/json`, name: 'tracker.json' }] }),
};
