import { describe, expect, it } from 'vitest';
import type { FeedListContext } from '../fetch/types.js';
import { openvexFeed } from './fetch.js';

function ctx(cves?: string): FeedListContext {
  return {
    baseUrl: openvexFeed.defaultBaseUrl,
    options: cves === undefined ? {} : { cves },
    cursor: null,
    fetchText: () => Promise.reject(new Error('no index expected')),
  };
}

describe('advisories/openvex/fetch', () => {
  it('fetches nothing unless CVEs are named', async () => {
    expect((await openvexFeed.list(ctx())).documents).toEqual([]);
  });

  it('asks /cve/<year>/<CVE>.json per CVE and reports what is not a CVE id', async () => {
    const listing = await openvexFeed.list(ctx('CVE-2016-20013, cve-2024-12345, ../x'));

    expect(listing.documents.map((d) => d.url)).toEqual([
      'https://security-metadata.canonical.com/vex/cve/2016/CVE-2016-20013.json',
      'https://security-metadata.canonical.com/vex/cve/2024/CVE-2024-12345.json',
    ]);
    expect(listing.diagnostics).toMatchObject([{ message: expect.stringContaining('../x') }]);
  });
});
