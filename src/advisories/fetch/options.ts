import type { FeedDefinition, FeedListContext } from './types.js';

/** A comma-separated feed option, falling back to the definition's default. */
export function optionList(ctx: FeedListContext, def: FeedDefinition, name: string): string[] {
  const raw = ctx.options[name] ?? def.options[name] ?? '';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `PATCHLINE_FEED_<ID>_<NAME>`: id and name upper-cased, non-alphanumerics as `_`. */
export function feedEnvName(feedId: string, name: string): string {
  return `PATCHLINE_FEED_${feedId}_${name}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
