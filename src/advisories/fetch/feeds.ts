import { AppError, ErrorCode } from '../../domain/errors.js';
import { alpineSecdbFeed } from '../alpine-secdb/fetch.js';
import { csafFeed } from '../csaf/fetch.js';
import { debianSecuritySupportFeed } from '../debian-security-support/fetch.js';
import { debianTrackerFeed } from '../debian-tracker/fetch.js';
import { eolFeed } from '../eol/fetch.js';
import { msrcCvrfFeed } from '../msrc-cvrf/fetch.js';
import { openvexFeed } from '../openvex/fetch.js';
import { osvFeed } from '../osv/fetch.js';
import { ovalFeed } from '../oval/fetch.js';
import { ubuntuUsnFeed } from '../ubuntu-usn/fetch.js';
import { feedEnvName } from './options.js';
import type { FeedDefinition } from './types.js';

/** Every feed `patchline feeds sync` knows, listed explicitly (STYLE.md §4.2 rule 2). */
export const feedDefinitions: ReadonlyMap<string, FeedDefinition> = new Map(
  [
    debianTrackerFeed,
    ubuntuUsnFeed,
    alpineSecdbFeed,
    osvFeed,
    csafFeed,
    msrcCvrfFeed,
    ovalFeed,
    openvexFeed,
    eolFeed,
    debianSecuritySupportFeed,
  ].map((f) => [f.id, f]),
);

/** The feed with this id; throws NOT_FOUND listing the known ones. */
export function getFeed(id: string): FeedDefinition {
  const f = feedDefinitions.get(id);
  if (!f) {
    const known = [...feedDefinitions.keys()].join(', ');
    throw new AppError(ErrorCode.NotFound, `unknown feed "${id}" (known: ${known})`, {
      location: { record: id },
    });
  }
  return f;
}

/**
 * Where a feed is fetched from: `override` (`--base-url`), else `PATCHLINE_FEED_<ID>_URL`, else
 * the vendor's public URL; trailing slashes dropped. Only http(s) URLs are accepted.
 */
export function feedBaseUrl(
  def: FeedDefinition,
  env: Readonly<Record<string, string | undefined>>,
  override?: string,
): string {
  const name = feedEnvName(def.id, 'url');
  const url = (override ?? env[name] ?? def.defaultBaseUrl).trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/i.test(url)) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `feed ${def.id}: base URL must be http(s): ${url}`,
      {
        location: { record: override === undefined ? name : '--base-url' },
      },
    );
  }
  return url;
}

/** The feed's options from `PATCHLINE_FEED_<ID>_<OPTION>`; unset ones are left out. */
export function feedOptions(
  def: FeedDefinition,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(def.options)) {
    const v = env[feedEnvName(def.id, name)];
    if (v !== undefined) out[name] = v;
  }
  return out;
}
