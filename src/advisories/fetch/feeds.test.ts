import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedBaseUrl, feedDefinitions, feedOptions, getFeed } from './feeds.js';
import type { FeedDefinition, FeedListContext } from './types.js';

const msrcIndex = readFileSync(
  join(import.meta.dirname, '__fixtures__/msrc-updates-index.json'),
  'utf8',
);

function listCtx(
  def: FeedDefinition,
  over: Partial<FeedListContext> & { index?: string } = {},
): FeedListContext & { asked: string[] } {
  const asked: string[] = [];
  return {
    baseUrl: def.defaultBaseUrl,
    options: {},
    cursor: null,
    asked,
    fetchText: (url) => {
      asked.push(url);
      return Promise.resolve(over.index ?? '');
    },
    ...over,
  };
}

const changes =
  '"2025/rhea-2025_2418.json","2025-03-06T11:00:00+00:00"\n' +
  '"2024/rhsa-2024_0001.json","2024-01-02T16:08:17+00:00"\n' +
  'not,a,line\n' +
  '"2023/rhsa-2023_7438.json","2023-11-21T08:00:00+00:00"\n';

describe('advisories/fetch/feeds', () => {
  it.each([
    ['debian-tracker', ['https://security-tracker.debian.org/tracker/data/json']],
    ['ubuntu-usn', ['https://usn.ubuntu.com/usn-db/database-all.json.bz2']],
    [
      'alpine-secdb',
      ['v3.19', 'v3.20', 'v3.21', 'v3.22', 'edge'].flatMap((r) => [
        `https://secdb.alpinelinux.org/${r}/main.json`,
        `https://secdb.alpinelinux.org/${r}/community.json`,
      ]),
    ],
    [
      'osv',
      ['Debian', 'Ubuntu', 'AlmaLinux', 'Rocky%20Linux', 'Alpine'].map(
        (e) => `https://osv-vulnerabilities.storage.googleapis.com/${e}/all.zip`,
      ),
    ],
    [
      'eol',
      [
        'centos',
        'rhel',
        'almalinux',
        'rocky-linux',
        'debian',
        'ubuntu',
        'alpine',
        'amazon-linux',
        'windows-server',
      ].map((p) => `https://endoflife.date/api/${p}.json`),
    ],
    [
      'debian-security-support',
      [
        ...['9', '10', '11', '12'].map((r) => `security-support-ended.deb${r}`),
        'security-support-limited',
      ].map((f) => `https://salsa.debian.org/debian/debian-security-support/-/raw/master/${f}`),
    ],
  ])('%s downloads the vendor public URLs by default', async (id, urls) => {
    const def = getFeed(id);

    const listing = await def.list(listCtx(def));

    expect(listing.documents.map((d) => d.url)).toEqual(urls);
  });

  it('knows every feed, and refuses an unknown one', () => {
    expect([...feedDefinitions.keys()].sort()).toEqual([
      'alpine-secdb',
      'csaf',
      'debian-security-support',
      'debian-tracker',
      'eol',
      'msrc-cvrf',
      'openvex',
      'osv',
      'oval',
      'ubuntu-usn',
    ]);
    expect(() => getFeed('nvd')).toThrow(/unknown feed "nvd" \(known: /);
  });

  it.each([
    [undefined, {}, 'https://usn.ubuntu.com/usn-db'],
    [
      undefined,
      { PATCHLINE_FEED_UBUNTU_USN_URL: 'http://127.0.0.1:9/usn/' },
      'http://127.0.0.1:9/usn',
    ],
    [
      'http://mirror.local/u//',
      { PATCHLINE_FEED_UBUNTU_USN_URL: 'http://x' },
      'http://mirror.local/u',
    ],
  ])('base URL: flag %s, env %j → %s', (flag, env, expected) => {
    expect(feedBaseUrl(getFeed('ubuntu-usn'), env, flag)).toBe(expected);
  });

  it.each(['ftp://mirror/usn', 'file:///srv/usn', ''])('refuses base URL %j', (url) => {
    expect(() => feedBaseUrl(getFeed('ubuntu-usn'), {}, url)).toThrow(/must be http\(s\)/);
  });

  it('reads options from PATCHLINE_FEED_<ID>_<OPTION>', async () => {
    const def = getFeed('alpine-secdb');
    const options = feedOptions(def, {
      PATCHLINE_FEED_ALPINE_SECDB_RELEASES: 'v3.18, edge',
      PATCHLINE_FEED_ALPINE_SECDB_REPOS: 'main',
      PATCHLINE_FEED_OSV_ECOSYSTEMS: 'ignored',
    });

    const listing = await def.list(listCtx(def, { options, baseUrl: 'http://m' }));

    expect(listing.documents).toEqual([
      { url: 'http://m/v3.18/main.json', name: 'v3.18-main.json' },
      { url: 'http://m/edge/main.json', name: 'edge-main.json' },
    ]);
  });

  it('csaf: lists changes.csv entries newer than the cursor and reports bad lines', async () => {
    const def = getFeed('csaf');
    const ctx = listCtx(def, { index: changes, cursor: { since: '2023-12-31T00:00:00+00:00' } });

    const listing = await def.list(ctx);

    expect(ctx.asked).toEqual([`${def.defaultBaseUrl}/changes.csv`]);
    expect(listing.documents.map((d) => d.url)).toEqual([
      `${def.defaultBaseUrl}/2025/rhea-2025_2418.json`,
      `${def.defaultBaseUrl}/2024/rhsa-2024_0001.json`,
    ]);
    expect(listing.cursor).toEqual({ since: '2025-03-06T11:00:00+00:00' });
    expect(listing.diagnostics).toMatchObject([{ location: { line: 3 } }]);
  });

  it('csaf: refuses paths that would leave the base URL', async () => {
    const def = getFeed('csaf');
    const index =
      '"../../evil.json","2025-01-01T00:00:00Z"\n"2025/x.json?y","2025-01-01T00:00:00Z"\n';

    const listing = await def.list(listCtx(def, { index }));

    expect(listing.documents).toEqual([]);
    expect(listing.diagnostics).toHaveLength(2);
  });

  it('msrc-cvrf: asks /cvrf/<ID> for months after `since` whose release date moved', async () => {
    const def = getFeed('msrc-cvrf');
    const first = await def.list(listCtx(def, { index: msrcIndex, baseUrl: 'http://m' }));
    const recent = await def.list(
      listCtx(def, { index: msrcIndex, baseUrl: 'http://m', options: { since: '2020-01-01' } }),
    );
    const again = await def.list(
      listCtx(def, { index: msrcIndex, baseUrl: 'http://m', cursor: first.cursor }),
    );

    expect(first.documents.map((d) => d.url)).toEqual([
      'http://m/cvrf/2016-Apr',
      'http://m/cvrf/2024-Mar',
    ]);
    expect(first.documents[0]?.headers).toEqual({ accept: 'application/xml' });
    expect(recent.documents.map((d) => d.name)).toEqual(['cvrf-2024-Mar.xml']);
    expect(again.documents).toEqual([]);
  });
});
