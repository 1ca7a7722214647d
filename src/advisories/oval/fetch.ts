import type { Diagnostic } from '../../domain/diagnostics.js';
import type { FeedDefinition, FeedDocument } from '../fetch/types.js';
import { optionList } from '../fetch/options.js';

const redHat = 'https://security.access.redhat.com/data/oval/v2';

/** The vendor files fetched by default: RHEL 9 (with unpatched CVEs), Ubuntu 22.04/24.04, Debian 12. */
const defaultDocuments = [
  `${redHat}/RHEL9/rhel-9-including-unpatched.oval.xml.bz2`,
  'https://security-metadata.canonical.com/oval/com.ubuntu.jammy.usn.oval.xml.bz2',
  'https://security-metadata.canonical.com/oval/com.ubuntu.noble.usn.oval.xml.bz2',
  'https://www.debian.org/security/oval/oval-definitions-bookworm.xml.bz2',
].join(',');

/**
 * OVAL definitions from three vendors, one bzip2 XML file per release. The `documents` option
 * lists the vendor URLs. With the default base URL they are fetched from the vendors; with any
 * other base URL (a mirror, for air-gapped sites) each is fetched from `<base>/<host>/<path>`,
 * the layout `wget --mirror` writes (`http://mirror/oval/www.debian.org/security/oval/…`).
 */
export const ovalFeed: FeedDefinition = {
  id: 'oval',
  defaultBaseUrl: redHat,
  description: 'OVAL definitions (Red Hat OVAL v2, Ubuntu, Debian), bz2 per release',
  options: { documents: defaultDocuments },
  redirectOrigins: ['https://security-metadata.canonical.com', 'https://www.debian.org'],
  list(ctx) {
    const mirror = ctx.baseUrl !== redHat;
    const documents: FeedDocument[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const entry of optionList(ctx, ovalFeed, 'documents')) {
      const url = vendorUrl(entry);
      if (!url) {
        diagnostics.push({
          severity: 'warning',
          message: `oval: documents entry is not an https URL of a file: ${entry}; skipped`,
          location: { record: 'PATCHLINE_FEED_OVAL_DOCUMENTS' },
        });
        continue;
      }
      const name = url.pathname.split('/').pop() ?? '';
      const at = mirror ? `${ctx.baseUrl}/${url.host}${url.pathname}` : url.href;
      documents.push({ url: at, name });
    }
    return Promise.resolve({ documents, diagnostics });
  },
};

function vendorUrl(entry: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return undefined;
  }
  const ok =
    url.protocol === 'https:' &&
    !url.search &&
    !url.hash &&
    !url.pathname.split('/').includes('..') &&
    /\/[^/]+$/.test(url.pathname);
  return ok ? url : undefined;
}
