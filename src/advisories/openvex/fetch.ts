import type { Diagnostic } from '../../domain/diagnostics.js';
import type { FeedDefinition, FeedDocument } from '../fetch/types.js';
import { optionList } from '../fetch/options.js';

const cve = /^CVE-(\d{4})-\d{4,}$/;

/**
 * Ubuntu's OpenVEX, one JSON document per CVE:
 * `https://security-metadata.canonical.com/vex/cve/<year>/<CVE>.json`. The `cves` option names
 * the CVEs to fetch (none by default: the complete set ships only as `vex-all.tar.xz`, which
 * `feeds sync` does not unpack; import that archive's files with `import advisories`).
 */
export const openvexFeed: FeedDefinition = {
  id: 'openvex',
  defaultBaseUrl: 'https://security-metadata.canonical.com/vex',
  description: 'Ubuntu OpenVEX, one document per CVE (option cves)',
  options: { cves: '' },
  list(ctx) {
    const documents: FeedDocument[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const id of optionList(ctx, openvexFeed, 'cves')) {
      const m = cve.exec(id.toUpperCase());
      if (!m) {
        diagnostics.push({
          severity: 'warning',
          message: `openvex: ${id} is not a CVE id; skipped`,
          location: { record: 'PATCHLINE_FEED_OPENVEX_CVES' },
        });
        continue;
      }
      const name = `${id.toUpperCase()}.json`;
      documents.push({ url: `${ctx.baseUrl}/cve/${m[1]}/${name}`, name });
    }
    return Promise.resolve({ documents, diagnostics });
  },
};
