import type { FeedDefinition } from '../fetch/types.js';

/**
 * Ubuntu Security Notices database, bzip2-compressed JSON of every USN:
 * `https://usn.ubuntu.com/usn-db/database-all.json.bz2`. Kept compressed as fetched.
 */
export const ubuntuUsnFeed: FeedDefinition = {
  id: 'ubuntu-usn',
  defaultBaseUrl: 'https://usn.ubuntu.com/usn-db',
  description: 'Ubuntu USN database (database-all.json.bz2)',
  options: {},
  list: (ctx) =>
    Promise.resolve({
      documents: [{ url: `${ctx.baseUrl}/database-all.json.bz2`, name: 'database-all.json.bz2' }],
    }),
};
