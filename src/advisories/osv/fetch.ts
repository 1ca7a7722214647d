import type { FeedDefinition } from '../fetch/types.js';
import { optionList } from '../fetch/options.js';

/**
 * OSV's per-ecosystem export, a zip of one JSON record per advisory:
 * `https://osv-vulnerabilities.storage.googleapis.com/<Ecosystem>/all.zip` (Google Cloud Storage
 * serves ETag and Last-Modified). The zip is kept whole as the raw payload and opened by
 * `fetch/zip.ts`; each record inside is a document of its own.
 */
export const osvFeed: FeedDefinition = {
  id: 'osv',
  defaultBaseUrl: 'https://osv-vulnerabilities.storage.googleapis.com',
  description: 'OSV all.zip per distribution ecosystem',
  options: { ecosystems: 'Debian,Ubuntu,AlmaLinux,Rocky Linux,Alpine' },
  list(ctx) {
    const documents = optionList(ctx, osvFeed, 'ecosystems').map((eco) => ({
      url: `${ctx.baseUrl}/${encodeURIComponent(eco)}/all.zip`,
      name: `${eco.replace(/\W+/g, '-')}-all.zip`,
    }));
    return Promise.resolve({ documents });
  },
};
