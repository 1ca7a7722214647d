import type { FeedDefinition } from '../fetch/types.js';
import { optionList } from '../fetch/options.js';

/**
 * Alpine secdb: one JSON document per release and repository,
 * `https://secdb.alpinelinux.org/<release>/<repo>.json` (e.g. `v3.20/main.json`). Releases and
 * repositories are options; each document is fetched conditionally.
 */
export const alpineSecdbFeed: FeedDefinition = {
  id: 'alpine-secdb',
  defaultBaseUrl: 'https://secdb.alpinelinux.org',
  description: 'Alpine secdb JSON per release and repository',
  options: { releases: 'v3.19,v3.20,v3.21,v3.22,edge', repos: 'main,community' },
  list(ctx) {
    const releases = optionList(ctx, alpineSecdbFeed, 'releases');
    const repos = optionList(ctx, alpineSecdbFeed, 'repos');
    const documents = releases.flatMap((rel) =>
      repos.map((repo) => ({
        url: `${ctx.baseUrl}/${rel}/${repo}.json`,
        name: `${rel}-${repo}.json`,
      })),
    );
    return Promise.resolve({ documents });
  },
};
