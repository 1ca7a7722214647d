import { comparePackages, type InstalledPackage } from '../src/domain/inventory.js';
import { rpmPackage } from '../src/inventory/rpm/package.js';

/**
 * Tab-separated `NAME EPOCH VERSION RELEASE ARCH SOURCERPM [MODULARITYLABEL]` lines, as
 * `rpm -qa --qf` prints them or an expected list gives them, as packages in
 * {@link comparePackages} order. Blank lines and `#` comments are passed over; an epoch of
 * `''` or `(none)` is no epoch; a label of `(none)`, or no label column, is `''`.
 */
export function rpmRows(text: string): InstalledPackage[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [name = '', epoch = '', version = '', release = '', arch = '', sourceRpm = '', label] =
        l.split('\t');
      return rpmPackage({
        name,
        epoch: epoch === '' || epoch === '(none)' ? undefined : Number(epoch),
        version,
        release,
        arch,
        sourceRpm,
        modularityLabel: label === undefined || label === '(none)' ? '' : label,
      });
    })
    .sort(comparePackages);
}
