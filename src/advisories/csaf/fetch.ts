import type { Diagnostic } from '../../domain/diagnostics.js';
import type { FeedDefinition } from '../fetch/types.js';

/** `"2024/rhsa-2024_0001.json","2024-01-02T16:08:17+00:00"`: a document path and its change time. */
const changeLine = /^"?(\d{4}\/[a-z0-9_.-]+\.json)"?,"?([^",]+)"?$/i;

/**
 * Red Hat's CSAF advisories, `https://security.access.redhat.com/data/csaf/v2/advisories/`.
 * `changes.csv` lists every document with its last change (newest first); documents changed
 * after the cursor (or the `since` option, an ISO date; empty means all, ~30k documents on a
 * first sync) are fetched one by one. The cursor is the newest change time of a complete sync.
 */
export const csafFeed: FeedDefinition = {
  id: 'csaf',
  defaultBaseUrl: 'https://security.access.redhat.com/data/csaf/v2/advisories',
  description: 'Red Hat CSAF advisories via changes.csv',
  options: { since: '' },
  async list(ctx) {
    const url = `${ctx.baseUrl}/changes.csv`;
    const text = await ctx.fetchText(url);
    const cursor = ctx.cursor as { since?: string } | null;
    const since = cursor?.since ?? ctx.options.since ?? '';
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    let newest = since;
    const documents = [];
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === '') continue;
      const m = changeLine.exec(line);
      if (!m) {
        diagnostics.push({
          severity: 'warning',
          message: 'csaf: changes.csv line is not "YYYY/name.json",time; skipped',
          location: { file: url, line: i + 1 },
        });
        continue;
      }
      const [, path, changed] = m as unknown as [string, string, string];
      if (seen.has(path) || changed <= since) continue;
      seen.add(path);
      if (changed > newest) newest = changed;
      documents.push({ url: `${ctx.baseUrl}/${path}`, name: path.slice(5) });
    }
    return { documents, cursor: { since: newest }, diagnostics };
  },
};
