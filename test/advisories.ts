import type { Advisory, Severity } from '../src/domain/advisory.js';

export interface SourceAdvisoryOptions {
  readonly package?: string;
  readonly platform?: string;
  readonly severity?: Severity;
  readonly cves?: readonly string[];
  readonly source?: string;
}

/** A Debian-style advisory keyed by source package, fixed in `fixed`; for tests. */
export function sourceAdvisory(
  id: string,
  fixed: string,
  opts: SourceAdvisoryOptions = {},
): Advisory {
  return {
    id,
    source: opts.source ?? 'test',
    severity: opts.severity ?? 'high',
    cves: opts.cves ?? [`CVE-${id}`],
    classification: 'security',
    affected: [
      {
        kind: 'package',
        platform: opts.platform ?? 'debian:12',
        package: opts.package ?? 'openssl',
        packageKind: 'source',
        status: 'fixed',
        fixed,
      },
    ],
  };
}
