/**
 * Debian release codenames → Patchline platforms (debian.org/releases). `sid` (unstable) keeps its
 * name: `debian:sid`. Point releases of the 3.x era keep their number (`woody` → `debian:3.0`).
 */
export const debianCodenames: Readonly<Record<string, string>> = {
  buzz: 'debian:1.1',
  rex: 'debian:1.2',
  bo: 'debian:1.3',
  hamm: 'debian:2.0',
  slink: 'debian:2.1',
  potato: 'debian:2.2',
  woody: 'debian:3.0',
  sarge: 'debian:3.1',
  etch: 'debian:4',
  lenny: 'debian:5',
  squeeze: 'debian:6',
  wheezy: 'debian:7',
  jessie: 'debian:8',
  stretch: 'debian:9',
  buster: 'debian:10',
  bullseye: 'debian:11',
  bookworm: 'debian:12',
  trixie: 'debian:13',
  forky: 'debian:14',
  duke: 'debian:15',
  sid: 'debian:sid',
};

export function platformOfCodename(codename: string): string | undefined {
  return Object.hasOwn(debianCodenames, codename) ? debianCodenames[codename] : undefined;
}
