import type { Advisory } from '../domain/advisory.js';
import type { Store } from '../store/index.js';
import type { AssetFinding } from './evaluation/index.js';
import { dssSourceId } from '../advisories/debian-security-support/index.js';

/**
 * Whether a debian-security-support notice applies at `now`. An ended-support entry carries
 * its end date (YYYY-MM-DD) in `published` and applies from the start of that day (UTC); a
 * limited-support entry has no date and always applies. Without a clock a dated notice does
 * not apply, as end-of-life findings are not raised without one (`app/eol.ts`). Other sources
 * always apply.
 */
export function supportNoticeInEffect(
  advisory: Pick<Advisory, 'source' | 'published'>,
  now: Date | undefined,
): boolean {
  if (advisory.source !== dssSourceId || advisory.published === undefined) return true;
  if (now === undefined) return false;
  const start = Date.parse(`${advisory.published.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(start) && now.getTime() >= start;
}

/**
 * Drops findings raised only by debian-security-support notices not yet in effect at `now`
 * (the engine has no clock, so it raises them as soon as they are stored). A finding that
 * another advisory also raises is kept.
 */
export async function withoutPendingSupportNotices(
  store: Pick<Store, 'advisories'>,
  findings: readonly AssetFinding[],
  now: Date | undefined,
): Promise<AssetFinding[]> {
  const verdict = new Map<string, boolean>();
  const inEffect = async (id: string): Promise<boolean> => {
    let v = verdict.get(id);
    if (v === undefined) {
      const stored = await store.advisories.byId(id);
      v = stored.length === 0 || stored.some((a) => supportNoticeInEffect(a, now));
      verdict.set(id, v);
    }
    return v;
  };
  const out: AssetFinding[] = [];
  for (const f of findings) {
    const ids = f.advisories?.map((a) => a.id) ?? [f.advisory];
    if (!ids.some((id) => /^DSS-debian-/.test(id))) {
      out.push(f);
      continue;
    }
    let keep = false;
    for (const id of ids) if (!/^DSS-debian-/.test(id) || (await inEffect(id))) keep = true;
    if (keep) out.push(f);
  }
  return out;
}
