import type { HtmlSection } from './html.js';
import type { Tabular } from './tables.js';

/** What the section shows of the app's roll-up (`app/kb-rollup.ts`). */
export interface KbRollup {
  readonly rows: readonly {
    readonly kb: string;
    readonly cves: readonly string[];
    readonly hosts: readonly string[];
    readonly findings: number;
  }[];
  readonly unassigned: number;
}

/** The Windows roll-up as a table: one row per KB to deploy. */
export function kbRollupTable(r: KbRollup): Tabular {
  return {
    title: 'Windows updates to deploy',
    columns: [
      { key: 'kb', label: 'KB', kind: 'name' },
      { key: 'cves', label: 'CVEs cleared', kind: 'count' },
      { key: 'hosts', label: 'Hosts', kind: 'count' },
      { key: 'findings', label: 'Findings', kind: 'count' },
    ],
    rows: r.rows.map((x) => [x.kb, x.cves.length, x.hosts.length, x.findings]),
  };
}

/** The roll-up section of the exposure report. */
export function kbRollupSection(r: KbRollup): HtmlSection {
  const notes = [
    'Each open Windows finding counts under the newest KB that clears it: a KB that fixes it or, ' +
      'through supersedence, a later one that replaces such a KB.',
  ];
  if (r.unassigned > 0) {
    notes.push(
      `${r.unassigned} Windows findings have no KB here: unverifiable ones (the host does not state its product) or open ones naming no KB.`,
    );
  }
  return { table: kbRollupTable(r), notes, empty: 'No open Windows finding.' };
}
