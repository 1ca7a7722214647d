import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Mirror } from './mirror.js';

/** The real vendor files the mirror serves. */
export const fixtures = join(import.meta.dirname, '../__fixtures__');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));
const sourceFixture = (source: string, name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../..', source, '__fixtures__', name)));
export const lastModified = 'Wed, 20 Nov 2024 10:00:00 GMT';

/** Every feed's documents at the paths the definitions ask for, under one prefix per feed. */
export function publishFeeds(m: Mirror): void {
  const r = m.routes;
  r.set('/alpine/v3.16/main.json', { body: fixture('v3.16-main.json'), etag: '"a-main-1"' });
  r.set('/alpine/v3.16/community.json', { body: fixture('v3.16-community.json'), lastModified });
  r.set('/debian/data/json', {
    body: gzipSync(fixture('tracker-json-sample-vunnel.json')),
    contentType: 'application/gzip',
    etag: 'W/"tracker-1"',
  });
  r.set('/usn/database-all.json.bz2', { body: fixture('database-all.json.bz2'), lastModified });
  r.set('/osv/AlmaLinux/all.zip', { body: fixture('AlmaLinux-all.zip'), etag: '"alma-1"' });
  r.set('/osv/Debian/all.zip', { body: fixture('Debian-all.zip'), etag: '"deb-1"' });
  r.set('/csaf/changes.csv', {
    body:
      '"2025/rhea-2025_2418.json","2025-03-06T11:00:00+00:00"\n' +
      '"2023/rhsa-2023_7438.json","2024-06-01T08:00:00+00:00"\n',
  });
  r.set('/csaf/2025/rhea-2025_2418.json', { body: fixture('rhea-2025_2418.json'), etag: '"e1"' });
  r.set('/csaf/2023/rhsa-2023_7438.json', { body: fixture('rhsa-2023_7438.json'), etag: '"s1"' });
  r.set('/msrc/updates', { body: fixture('msrc-updates-index.json') });
  r.set('/msrc/cvrf/2024-Mar', {
    body: readFileSync(join(fixtures, 'cvrf-2024-Mar.xml.gz')),
    contentType: 'application/xml',
    etag: '"mar-1"',
  });
  // OVAL: vendor URLs mirrored as <host>/<path>.
  r.set(`/oval/${rhelOval.slice(8)}`, {
    body: sourceFixture('oval', 'rhel-9-including-unpatched.oval.xml.bz2'),
    etag: '"rhel9-1"',
  });
  r.set(`/oval/${debianOval.slice(8)}`, {
    body: sourceFixture('oval', 'oval-definitions-bullseye.xml.bz2'),
    lastModified,
  });
  r.set('/vex/cve/2016/CVE-2016-20013.json', {
    body: sourceFixture('openvex', 'CVE-2016-20013-excerpt.json'),
    etag: '"vex-1"',
  });
  r.set('/eol/api/ubuntu.json', {
    body: sourceFixture('eol', 'endoflife-ubuntu.json'),
    etag: '"eol-ubuntu-1"',
  });
  r.set('/dss/security-support-ended.deb12', {
    body: sourceFixture('debian-security-support', 'security-support-ended.deb12'),
    etag: '"dss-12-1"',
  });
  r.set('/dss/security-support-limited', {
    body: sourceFixture('debian-security-support', 'security-support-limited'),
    lastModified,
  });
}

const rhelOval =
  'https://security.access.redhat.com/data/oval/v2/RHEL9/rhel-9-including-unpatched.oval.xml.bz2';
const debianOval = 'https://www.debian.org/security/oval/oval-definitions-bullseye.xml.bz2';

/** Environment pointing every feed at the mirror (and narrowing releases/ecosystems to the files). */
export function feedsEnv(m: Mirror): Record<string, string> {
  return {
    PATCHLINE_FEED_ALPINE_SECDB_URL: `${m.url}/alpine`,
    PATCHLINE_FEED_ALPINE_SECDB_RELEASES: 'v3.16',
    PATCHLINE_FEED_DEBIAN_TRACKER_URL: `${m.url}/debian`,
    PATCHLINE_FEED_UBUNTU_USN_URL: `${m.url}/usn`,
    PATCHLINE_FEED_OSV_URL: `${m.url}/osv`,
    PATCHLINE_FEED_OSV_ECOSYSTEMS: 'AlmaLinux,Debian',
    PATCHLINE_FEED_CSAF_URL: `${m.url}/csaf`,
    PATCHLINE_FEED_MSRC_CVRF_URL: `${m.url}/msrc`,
    PATCHLINE_FEED_MSRC_CVRF_SINCE: '2020-01-01',
    PATCHLINE_FEED_OVAL_URL: `${m.url}/oval`,
    PATCHLINE_FEED_OVAL_DOCUMENTS: `${rhelOval},${debianOval}`,
    PATCHLINE_FEED_OPENVEX_URL: `${m.url}/vex`,
    PATCHLINE_FEED_OPENVEX_CVES: 'CVE-2016-20013',
    PATCHLINE_FEED_EOL_URL: `${m.url}/eol`,
    PATCHLINE_FEED_EOL_PRODUCTS: 'ubuntu',
    PATCHLINE_FEED_DEBIAN_SECURITY_SUPPORT_URL: `${m.url}/dss`,
    PATCHLINE_FEED_DEBIAN_SECURITY_SUPPORT_RELEASES: '12',
  };
}
