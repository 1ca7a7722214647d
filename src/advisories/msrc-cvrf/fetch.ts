import type { FeedDefinition } from '../fetch/types.js';

interface UpdateEntry {
  readonly ID?: unknown;
  readonly InitialReleaseDate?: unknown;
  readonly CurrentReleaseDate?: unknown;
}

/**
 * Microsoft's CVRF API v3: `https://api.msrc.microsoft.com/cvrf/v3.0/updates` lists the monthly
 * documents (`2023-Nov` …) with their current release date; each month is fetched from
 * `/cvrf/<ID>` as XML. The vendor's `CvrfUrl` is not followed, so a base-URL override covers both.
 * Months released before the `since` option (ISO date; empty means all, from 2016) are left out;
 * the cursor remembers each month's release date so unchanged months are not asked for again.
 */
export const msrcCvrfFeed: FeedDefinition = {
  id: 'msrc-cvrf',
  defaultBaseUrl: 'https://api.msrc.microsoft.com/cvrf/v3.0',
  description: 'Microsoft MSRC CVRF monthly security updates',
  options: { since: '' },
  async list(ctx) {
    const index = JSON.parse(
      await ctx.fetchText(`${ctx.baseUrl}/updates`, { accept: 'application/json' }),
    ) as { value?: UpdateEntry[] };
    const known = (ctx.cursor as { months?: Record<string, string> } | null)?.months ?? {};
    const since = ctx.options.since ?? '';
    const months: Record<string, string> = {};
    const documents = [];
    for (const u of index.value ?? []) {
      if (typeof u.ID !== 'string' || !/^\d{4}-[A-Za-z]{3}$/.test(u.ID)) continue;
      const initial = typeof u.InitialReleaseDate === 'string' ? u.InitialReleaseDate : '';
      const current = typeof u.CurrentReleaseDate === 'string' ? u.CurrentReleaseDate : '';
      if (since !== '' && initial !== '' && initial < since) continue;
      months[u.ID] = current;
      if (known[u.ID] === current && current !== '') continue;
      documents.push({
        url: `${ctx.baseUrl}/cvrf/${u.ID}`,
        name: `cvrf-${u.ID}.xml`,
        headers: { accept: 'application/xml' },
      });
    }
    return { documents, cursor: { months } };
  },
};
