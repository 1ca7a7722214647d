/**
 * Splits a source RPM file name, `NAME-VERSION-RELEASE.src.rpm` (rpm's `%{SOURCERPM}` tag),
 * into name and `VERSION-RELEASE`: `openssl-3.0.7-24.el9.src.rpm` → `openssl`, `3.0.7-24.el9`.
 * NAME may itself contain dashes; VERSION and RELEASE may not, so split from the right.
 * Returns null for `(none)` (gpg-pubkey) or a name that does not fit.
 */
export function parseSourceRpm(file: string): { name: string; version: string } | null {
  const stem = stripSuffix(file.trim());
  if (stem === null) return null;
  const r = stem.lastIndexOf('-');
  const v = r > 0 ? stem.lastIndexOf('-', r - 1) : -1;
  if (v <= 0 || r === stem.length - 1 || r - v < 2) return null;
  return { name: stem.slice(0, v), version: stem.slice(v + 1) };
}

function stripSuffix(file: string): string | null {
  for (const suffix of ['.src.rpm', '.nosrc.rpm']) {
    if (file.endsWith(suffix)) return file.slice(0, -suffix.length);
  }
  return null;
}

/** rpm's `[EPOCH:]VERSION-RELEASE`, leaving out a zero or missing epoch. */
export function evr(epoch: number | undefined, version: string, release: string): string {
  const vr = `${version}-${release}`;
  return epoch ? `${epoch}:${vr}` : vr;
}
