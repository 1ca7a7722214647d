import { optionList } from '../fetch/options.js';
import type { FeedDefinition } from '../fetch/types.js';

/**
 * Platform end-of-life dates from endoflife.date, one API v0 document per product
 * (`https://endoflife.date/api/<product>.json`), kept as `endoflife-<product>.json`. The
 * bundled table (`data/eol.json`) serves until the first sync; a Patchline table can also be
 * imported air-gapped with `import advisories`.
 */
export const eolFeed: FeedDefinition = {
  id: 'eol',
  defaultBaseUrl: 'https://endoflife.date',
  description: 'Platform end-of-life dates (endoflife.date API, per product)',
  options: {
    products: 'centos,rhel,almalinux,rocky-linux,debian,ubuntu,alpine,amazon-linux,windows-server',
  },
  list(ctx) {
    const documents = optionList(ctx, eolFeed, 'products').map((product) => ({
      url: `${ctx.baseUrl}/api/${product}.json`,
      name: `endoflife-${product}.json`,
    }));
    return Promise.resolve({ documents });
  },
};
