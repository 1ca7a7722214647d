/** Which OVAL Linux probe a feed targets. */
export type OvalProbe = 'dpkginfo' | 'rpminfo';

/** Element names and the evr datatype of one probe (OVAL 5.11.2 Linux schema). */
export interface OvalTags {
  readonly test: string;
  readonly object: string;
  readonly state: string;
  /**
   * `debian_evr_string` compares like dpkg; `evr_string` like rpm. (openscap 1.3.7 with
   * `evr_string` on Debian versions disagrees with dpkg on e.g. `1.0a` vs `1.0+`.)
   */
  readonly datatype: string;
}

export function ovalTags(probe: OvalProbe): OvalTags {
  return {
    test: `${probe}_test`,
    object: `${probe}_object`,
    state: `${probe}_state`,
    datatype: probe === 'dpkginfo' ? 'debian_evr_string' : 'evr_string',
  };
}

/**
 * The `evr` value a probe reports is always `epoch:version-release`, with epoch 0 written out;
 * a version without an epoch means epoch 0 in both dpkg and rpm, so prefix it.
 */
export function ovalEvr(version: string): string {
  return /^\d+:/.test(version) ? version : `0:${version}`;
}

export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;');
}
