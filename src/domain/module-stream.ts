/**
 * Red Hat family module streams (RHEL 8/9, AlmaLinux, Rocky, CentOS Stream, Fedora modularity).
 * A module is `name:stream`; a build of it is `name:stream:version:context` (the
 * MODULARITYLABEL rpm header, and the NSVC of docs.fedoraproject.org/en-US/modularity).
 */

const part = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/**
 * `name:stream` of a MODULARITYLABEL or NSVC (`ruby:2.7:8030020200921164007:229f0a1c` →
 * `ruby:2.7`); undefined when the text has no name and stream.
 */
export function moduleOfLabel(label: string): string | undefined {
  const [name, stream] = label.split(':');
  return name && stream && part.test(name) && part.test(stream) ? `${name}:${stream}` : undefined;
}

/**
 * Whether an rpm `[epoch:]version-release` was built in a module: the build system puts
 * `.module+el8.6.0+16115+4a3d8f87` (RHEL, Rocky, Oracle), `.module_el8.9.0+3646+acd210d0`
 * (AlmaLinux, CentOS Stream) or `.module_f38+…` (Fedora) in the release. The tag says "modular",
 * never which stream: the hash is the build's, not the module context.
 */
export function isModularRelease(evr: string): boolean {
  if (!evr.includes('.module')) return false;
  const dash = evr.lastIndexOf('-');
  return dash >= 0 && /\.module[+_](?:el|f)\d/.test(evr.slice(dash + 1));
}
