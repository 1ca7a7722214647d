import type { InstalledPackage } from '../../domain/inventory.js';
import { evr, parseSourceRpm } from '../rpm/srpm.js';
import type { Purl } from './purl.js';

/** purl types that are OS packages, with the versioning scheme each uses. */
export const osPurlTypes: ReadonlyMap<string, 'dpkg' | 'rpm' | 'apk'> = new Map([
  ['deb', 'dpkg'],
  ['rpm', 'rpm'],
  ['apk', 'apk'],
] as const);

/**
 * Turns an OS-package purl into an InstalledPackage, or returns a reason string.
 * deb/apk: `upstream=NAME` or `upstream=NAME@VERSION` names the source (apk: the origin), an
 * `epoch=` qualifier (Trivy) prefixes the version;
 * rpm: `epoch=` prefixes the version and `upstream=` is the SRPM file name.
 */
export function packageFromPurl(p: Purl): InstalledPackage | string {
  if (!p.version) return `purl for ${p.name} has no version`;
  if (/\s/.test(p.version) || /\s/.test(p.name)) return `purl for ${p.name} contains spaces`;
  const arch = p.qualifiers.get('arch') ?? '';
  const upstream = p.qualifiers.get('upstream');
  if (p.type === 'rpm') return rpmPackage(p, arch, upstream);
  // Trivy puts a dpkg epoch in an `epoch=` qualifier instead of the version.
  const epoch = p.qualifiers.get('epoch');
  const withEpoch = epoch && /^[1-9]\d*$/.test(epoch) && !p.version.includes(':');
  const version = withEpoch ? `${epoch}:${p.version}` : p.version;
  if (!upstream) return { name: p.name, version, arch, sourceName: p.name, sourceVersion: version };
  const at = upstream.indexOf('@');
  const sourceName = (at < 0 ? upstream : upstream.slice(0, at)).trim() || p.name;
  const sourceVersion = at < 0 ? version : upstream.slice(at + 1).trim() || version;
  return { name: p.name, version, arch, sourceName, sourceVersion };
}

function rpmPackage(
  p: Purl,
  arch: string,
  upstream: string | undefined,
): InstalledPackage | string {
  const epochText = p.qualifiers.get('epoch');
  if (epochText !== undefined && !/^\d+$/.test(epochText)) {
    return `purl for ${p.name}: epoch "${epochText.slice(0, 20)}" is not a number`;
  }
  const epoch = epochText === undefined ? undefined : Number(epochText);
  const dash = p.version.lastIndexOf('-');
  const version =
    dash > 0 ? evr(epoch, p.version.slice(0, dash), p.version.slice(dash + 1)) : p.version;
  const src = upstream ? parseSourceRpm(upstream) : null;
  if (!src) return { name: p.name, version, arch, sourceName: p.name, sourceVersion: version };
  const sourceVersion = epoch ? `${epoch}:${src.version}` : src.version;
  return { name: p.name, version, arch, sourceName: src.name, sourceVersion };
}

const trivy = 'aquasecurity:trivy:';

/**
 * Trivy writes the source package as component properties instead of an `upstream=`
 * qualifier: `aquasecurity:trivy:SrcName`, `SrcEpoch`, `SrcVersion`, `SrcRelease`. Applies
 * them when present; `[EPOCH:]VERSION[-RELEASE]` is the source version.
 */
export function withPropertySource(
  pkg: InstalledPackage,
  props: ReadonlyMap<string, string>,
): InstalledPackage {
  const name = props.get(`${trivy}SrcName`)?.trim();
  if (!name || /\s/.test(name)) return pkg;
  const version = props.get(`${trivy}SrcVersion`)?.trim();
  if (!version || /\s/.test(version)) return { ...pkg, sourceName: name };
  const epoch = props.get(`${trivy}SrcEpoch`)?.trim();
  const release = props.get(`${trivy}SrcRelease`)?.trim();
  const e = epoch && /^[1-9]\d*$/.test(epoch) ? `${epoch}:` : '';
  const r = release && !/\s/.test(release) ? `-${release}` : '';
  return { ...pkg, sourceName: name, sourceVersion: `${e}${version}${r}` };
}
