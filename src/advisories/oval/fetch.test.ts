import { describe, expect, it } from 'vitest';
import type { FeedListContext } from '../fetch/types.js';
import { ovalFeed } from './fetch.js';

function ctx(baseUrl: string, documents?: string): FeedListContext {
  return {
    baseUrl,
    options: documents === undefined ? {} : { documents },
    cursor: null,
    fetchText: () => Promise.reject(new Error('no index expected')),
  };
}

describe('advisories/oval/fetch', () => {
  it('fetches the vendor URLs by default', async () => {
    const listing = await ovalFeed.list(ctx(ovalFeed.defaultBaseUrl));

    expect(listing.documents.map((d) => [d.url, d.name])).toEqual([
      [
        'https://security.access.redhat.com/data/oval/v2/RHEL9/rhel-9-including-unpatched.oval.xml.bz2',
        'rhel-9-including-unpatched.oval.xml.bz2',
      ],
      [
        'https://security-metadata.canonical.com/oval/com.ubuntu.jammy.usn.oval.xml.bz2',
        'com.ubuntu.jammy.usn.oval.xml.bz2',
      ],
      [
        'https://security-metadata.canonical.com/oval/com.ubuntu.noble.usn.oval.xml.bz2',
        'com.ubuntu.noble.usn.oval.xml.bz2',
      ],
      [
        'https://www.debian.org/security/oval/oval-definitions-bookworm.xml.bz2',
        'oval-definitions-bookworm.xml.bz2',
      ],
    ]);
  });

  it('reads a mirror as <base>/<host>/<path> and reports entries that are not https files', async () => {
    const listing = await ovalFeed.list(
      ctx(
        'http://mirror.local/oval',
        'https://www.debian.org/security/oval/oval-definitions-bullseye.xml.bz2, http://x/y.xml, https://x/y?z=1, https://x/',
      ),
    );

    expect(listing.documents).toEqual([
      {
        url: 'http://mirror.local/oval/www.debian.org/security/oval/oval-definitions-bullseye.xml.bz2',
        name: 'oval-definitions-bullseye.xml.bz2',
      },
    ]);
    expect(listing.diagnostics).toHaveLength(3);
  });
});
