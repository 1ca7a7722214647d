import { isModularRelease, moduleOfLabel } from '../../domain/module-stream.js';

const token = /(?:^|[\s/,(])([A-Za-z0-9][\w.+-]*:[A-Za-z0-9][\w.+-]*)(?=[\s/,)]|$)/g;

/**
 * The module stream an AlmaLinux or Rocky OSV record names in its summary, which copies Red
 * Hat's synopsis: `Moderate: ruby:3.3 security … update`, `Important: httpd:2.4/mod_http2
 * security update`. Their `affected[]` entries carry no module field (checked against both
 * feeds), so the synopsis is the only place the stream is written. Undefined when the summary
 * names none or several (`virt:rhel and virt-devel:rhel`): the stream of each package is then
 * unknown.
 */
export function moduleOfSummary(summary: string | undefined): string | undefined {
  const text = (summary ?? '').replace(/^(?:Critical|Important|Moderate|Low):\s*/, '');
  const found = new Set<string>();
  for (const m of text.matchAll(token)) {
    const module = m[1] ? moduleOfLabel(m[1]) : undefined;
    if (module) found.add(module);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * The module of one fixed version: the summary's stream, and only for a build whose release
 * carries the module tag. `python3:3.6.8 security update` fixing `3.6.8-69.el8_10.alma.1` is a
 * non-modular package whatever the summary says.
 */
export function moduleOfFix(summaryModule: string | undefined, fixed: string | undefined) {
  return summaryModule && fixed && isModularRelease(fixed) ? summaryModule : undefined;
}
