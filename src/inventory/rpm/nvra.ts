import type { InstalledPackage } from '../../domain/inventory.js';

/** Architectures rpm builds for; a plain `rpm -qa` line ends in `.<one of these>`. */
const arches: ReadonlySet<string> = new Set([
  'noarch',
  'x86_64',
  'i386',
  'i486',
  'i586',
  'i686',
  'aarch64',
  'ppc64le',
  'ppc64',
  's390x',
  'armv7hl',
  'armhfp',
  'riscv64',
  'ia32e',
  'athlon',
]);

const label = /^[A-Za-z0-9._+~^]+$/;

/**
 * One line of plain `rpm -qa` (rpm's `%_query_all_fmt`, `%{nvr}%{archsuffix}`):
 * `openssl-libs-3.0.7-24.el9.x86_64`. Split from the right: arch after the last dot (only a
 * known arch, since releases contain dots too), RELEASE and VERSION after the last two dashes.
 * This output has no epoch, so an epoch-carrying package gets a version without it.
 * Returns a reason string when the line does not fit, null for gpg-pubkey.
 */
export function fromNvra(line: string): InstalledPackage | string | null {
  const s = line.trim();
  if (/\s/.test(s)) return 'expected NAME-VERSION-RELEASE.ARCH without spaces';
  const dot = s.lastIndexOf('.');
  const arch = dot > 0 ? s.slice(dot + 1) : '';
  const nvr = arches.has(arch) ? s.slice(0, dot) : s;
  const r = nvr.lastIndexOf('-');
  const v = r > 0 ? nvr.lastIndexOf('-', r - 1) : -1;
  if (v <= 0) return `"${s.slice(0, 40)}" is not NAME-VERSION-RELEASE.ARCH`;
  const name = nvr.slice(0, v);
  if (name === 'gpg-pubkey') return null;
  const ver = nvr.slice(v + 1, r);
  const rel = nvr.slice(r + 1);
  if (!label.test(ver) || !label.test(rel)) return `package ${name}: invalid version/release`;
  const version = `${ver}-${rel}`;
  return {
    name,
    version,
    arch: arches.has(arch) ? arch : '',
    sourceName: name,
    sourceVersion: version,
  };
}

/** True when `line` looks like plain `rpm -qa` output (used by sniffing). */
export function looksLikeNvra(line: string): boolean {
  const s = line.trim();
  const dot = s.lastIndexOf('.');
  return (
    dot > 0 &&
    arches.has(s.slice(dot + 1)) &&
    !/\s/.test(s) &&
    /-[^-]+-[^-]+$/.test(s.slice(0, dot))
  );
}
