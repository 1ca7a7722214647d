import { AffectedStatus, Classification, Severity } from '../../domain/index.js';
import type { Severity as SeverityT } from '../../domain/index.js';
import { severityFromPriority, severityFromRedHat } from '../common/severity.js';
import { platformOfCodename } from '../ubuntu-usn/releases.js';

/** Which vendor wrote a definition, from its id namespace (`oval:com.redhat.rhsa:def:…`). */
export type Vendor = 'redhat' | 'ubuntu' | 'debian';

export function vendorOf(definitionId: string): Vendor | undefined {
  if (/^oval:com\.redhat\./.test(definitionId)) return 'redhat';
  if (/^oval:com\.ubuntu\./.test(definitionId)) return 'ubuntu';
  if (/^oval:org\.debian[.:]/.test(definitionId)) return 'debian';
  return undefined;
}

/** The vendor's words for the platform in a criterion or test comment. */
export function platformOfComment(vendor: Vendor, comment: string): string | undefined {
  if (vendor === 'redhat') {
    const m = /^Red Hat Enterprise Linux (\d+) is installed$/.exec(comment.trim());
    return m ? `rhel:${m[1]}` : undefined;
  }
  if (vendor === 'debian') {
    const m = /^Debian (?:GNU\/Linux )?(\d+) is installed$/.exec(comment.trim());
    return m ? `debian:${m[1]}` : undefined;
  }
  return undefined;
}

/**
 * The definition's platform from its metadata: `<affected><platform>` (`Red Hat Enterprise Linux
 * 9`, `Debian GNU/Linux 11`, `Ubuntu 22.04 LTS`), then Red Hat's CPE list
 * (`cpe:/o:redhat:enterprise_linux:9`), then Ubuntu's release codename in the id
 * (`oval:com.ubuntu.jammy:def:…`).
 */
export function platformOfMetadata(
  vendor: Vendor,
  definitionId: string,
  platforms: readonly string[],
  cpes: readonly string[],
): string | undefined {
  for (const p of platforms) {
    const rh = /^Red Hat Enterprise Linux (\d+)$/.exec(p.trim());
    if (vendor === 'redhat' && rh) return `rhel:${rh[1]}`;
    const deb = /^Debian GNU\/Linux (\d+)$/.exec(p.trim());
    if (vendor === 'debian' && deb) return `debian:${deb[1]}`;
    const ub = /^Ubuntu (\d\d\.\d\d)\b/.exec(p.trim());
    if (vendor === 'ubuntu' && ub) return `ubuntu:${ub[1]}`;
  }
  if (vendor === 'redhat') {
    for (const cpe of cpes) {
      const m = /^cpe:\/[ao]:redhat:enterprise_linux:(\d+)(?::|$)/.exec(cpe.trim());
      if (m) return `rhel:${m[1]}`;
    }
  }
  if (vendor === 'ubuntu') {
    const codename = /^oval:com\.ubuntu\.([a-z]+):/.exec(definitionId)?.[1];
    if (codename) return platformOfCodename(codename);
  }
  return undefined;
}

/** Debian OVAL tests source packages; Red Hat and Ubuntu test binary packages. */
export function packageKindOf(vendor: Vendor): 'source' | 'binary' {
  return vendor === 'debian' ? 'source' : 'binary';
}

/** Red Hat severity words (Critical … Low); Ubuntu priorities; Debian publishes none. */
export function severityOfWord(vendor: Vendor, word: string | undefined): SeverityT | undefined {
  if (vendor === 'redhat') return severityFromRedHat(word);
  if (vendor === 'ubuntu') {
    return word?.trim().toLowerCase() === 'untriaged' ? undefined : severityFromPriority(word);
  }
  return undefined;
}

export const unratedDebian: SeverityT = Severity.Medium;

/** RHBA/RHEA patch definitions are bug fixes and enhancements; everything else is security. */
export function classificationOf(id: string): Classification {
  if (/^RHBA-/.test(id)) return Classification.Bugfix;
  if (/^RHEA-/.test(id)) return Classification.Enhancement;
  return Classification.Security;
}

/**
 * Status of a package that is affected with no fixed version. Red Hat names it per component in
 * `<resolution state="…">`; Ubuntu writes it in the criterion comment ("… is affected and needs
 * fixing", "… will not be fixed"). Will not fix / out of support scope / ignored / end of life →
 * will-not-fix; everything else (affected, fix deferred, under investigation, needed, pending)
 * → no-fix-yet.
 */
export function unfixedStatus(
  vendor: Vendor,
  resolution: string | undefined,
  comment: string,
): AffectedStatus {
  const words = vendor === 'redhat' ? (resolution ?? '') : comment;
  return /will not (be )?fix|out of support scope|\bignored\b|end of (standard )?(support|life)/i.test(
    words,
  )
    ? AffectedStatus.WillNotFix
    : AffectedStatus.NoFixYet;
}
