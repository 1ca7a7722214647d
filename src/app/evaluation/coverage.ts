import { coverageKeys, streamOfText } from '../../engine/stream.js';
import type { StoreRepos } from '../../store/index.js';

/** The platform streams the stored advisories have at least one entry for. */
export async function coveredStreams(
  store: Pick<StoreRepos, 'advisories'>,
): Promise<ReadonlySet<string>> {
  const out = new Set<string>();
  for (const p of await store.advisories.platforms()) {
    const s = streamOfText(p);
    if (s !== null) for (const k of coverageKeys(s)) out.add(k);
  }
  return out;
}
