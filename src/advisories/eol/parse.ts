import { Classification } from '../../domain/index.js';
import type { Advisory, Diagnostic } from '../../domain/index.js';
import { diagnosticSink, invalidDocument, parseJsonDocument, pointer } from '../common/document.js';
import { looseItem } from '../common/loose.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import {
  EndOfLifeDateCycle,
  LifecycleEntry,
  LifecycleTable,
  type ExtendedSupport,
} from './schema.js';

export const eolSourceId = 'eol';

/** The entries of one lifecycle document, with the table's version when it has one. */
export interface Lifecycle {
  readonly entries: readonly LifecycleEntry[];
  /** `version` and `updated` of a Patchline table; null for an endoflife.date document. */
  readonly version: number | null;
  readonly updated: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * How endoflife.date names the products Patchline knows: platform family, the extended programme
 * its `extendedSupport` date belongs to, and a cycle → release map where they differ (Windows
 * Server is matched by build until Windows gets its own identity).
 */
const endOfLifeDateProducts: Readonly<
  Record<
    string,
    {
      family: string;
      program?: ExtendedSupport['program'];
      subscription?: boolean;
      releases?: Readonly<Record<string, string>>;
    }
  >
> = {
  centos: { family: 'centos' },
  rhel: { family: 'rhel', program: 'ELS', subscription: true },
  almalinux: { family: 'almalinux' },
  'rocky-linux': { family: 'rocky' },
  debian: { family: 'debian', program: 'LTS', subscription: false },
  ubuntu: { family: 'ubuntu', program: 'ESM', subscription: true },
  alpine: { family: 'alpine' },
  'amazon-linux': { family: 'amzn' },
  'windows-server': {
    family: 'windows',
    program: 'ESU',
    subscription: true,
    releases: {
      '2012': '6.2.9200',
      '2012-r2': '6.3.9600',
      '2016': '10.0.14393',
      '2019': '10.0.17763',
      '2022': '10.0.20348',
      '2025': '10.0.26100',
    },
  },
};

/** endoflife.date product pages, for the `source` of converted entries. */
const endOfLifeDateUrl = (product: string) => `https://endoflife.date/${product}`;

/**
 * Reads a lifecycle document: Patchline's table (`format: patchline-eol`, see `data/eol.json`)
 * or an endoflife.date API v0 product document (`endoflife-<product>.json`, an array of cycles).
 * A bad entry is skipped with a diagnostic naming its JSON pointer; a document that is neither
 * throws ADVISORY_INVALID.
 */
export function readLifecycle(raw: RawAdvisoryInput): Lifecycle {
  return lifecycleOf(parseJsonDocument(raw.bytes, raw.name), raw.name);
}

/** {@link readLifecycle} on an already parsed JSON value (the bundled table). */
export function lifecycleOf(doc: unknown, name: string): Lifecycle {
  const raw = { name };
  const sink = diagnosticSink(eolSourceId, raw.name);
  if (Array.isArray(doc)) return fromEndOfLifeDate(raw.name, doc, sink);
  const table = LifecycleTable.safeParse(doc);
  if (!table.success) {
    const issue = table.error.issues[0];
    const at = pointer((issue?.path ?? []).map(String)) || '/';
    throw invalidDocument(raw.name, `is not a lifecycle table (${at}: ${issue?.message ?? ''})`);
  }
  const entries: LifecycleEntry[] = [];
  const seen = new Set<string>();
  for (const [i, item] of table.data.entries.entries()) {
    const e = looseItem(LifecycleEntry, item, ['entries', i], sink, streamOf);
    if (e === undefined) continue;
    if (seen.has(e.stream)) {
      const where = { pointer: pointer(['entries', i]), record: e.stream };
      sink.error(`stream ${e.stream} listed twice; the first is kept`, where);
      continue;
    }
    seen.add(e.stream);
    entries.push(e);
  }
  const { version, updated } = table.data;
  return { entries, version, updated, diagnostics: sink.diagnostics };
}

function streamOf(item: unknown): string | undefined {
  const s = (item as { stream?: unknown } | null)?.stream;
  return typeof s === 'string' ? s : undefined;
}

function cycleOf(item: unknown): string | undefined {
  const c = (item as { cycle?: unknown } | null)?.cycle;
  return typeof c === 'string' || typeof c === 'number' ? String(c) : undefined;
}

function fromEndOfLifeDate(name: string, doc: unknown[], sink: ReturnType<typeof diagnosticSink>) {
  const product = /^(?:endoflife-)?([a-z0-9-]+)\.json$/.exec(
    name.slice(name.lastIndexOf('/') + 1),
  )?.[1];
  const known = product === undefined ? undefined : endOfLifeDateProducts[product];
  if (!known || product === undefined) {
    throw invalidDocument(
      name,
      `is not named after an endoflife.date product Patchline maps (endoflife-<product>.json; known: ${Object.keys(endOfLifeDateProducts).join(', ')})`,
    );
  }
  const entries: LifecycleEntry[] = [];
  for (const [i, item] of doc.entries()) {
    const c = looseItem(EndOfLifeDateCycle, item, [i], sink, cycleOf);
    if (c === undefined) continue;
    const release = known.releases ? known.releases[c.cycle.toLowerCase()] : c.cycle;
    if (release === undefined || typeof c.eol !== 'string') {
      const why = release === undefined ? 'no build known for cycle' : 'no end date for cycle';
      sink.warn(`${product} ${why} ${c.cycle}; skipped`, {
        pointer: pointer([i]),
        record: c.cycle,
      });
      continue;
    }
    const ext = typeof c.extendedSupport === 'string' ? c.extendedSupport : undefined;
    const extended =
      ext !== undefined && known.program !== undefined && ext > c.eol
        ? { program: known.program, end: ext, subscription: known.subscription ?? true }
        : undefined;
    entries.push({
      stream: `${known.family}:${release}`,
      name: `${product} ${c.cycle}`,
      standardEnd: c.eol,
      ...(extended && { extended }),
      source: endOfLifeDateUrl(product),
    });
  }
  return { entries, version: null, updated: null, diagnostics: sink.diagnostics };
}

/** `EOL-centos-7`, `EOL-windows-6.3.9600`: the advisory id of a stream's end-of-life finding. */
export function eolAdvisoryId(stream: string): string {
  return `EOL-${stream.replace(':', '-')}`;
}

/**
 * The last supported day for an asset with no subscription: the extended end when the programme
 * covers everyone (Debian LTS), else the standard end.
 */
export function publicEnd(e: LifecycleEntry): string {
  return e.extended && !e.extended.subscription ? e.extended.end : e.standardEnd;
}

/** The instant support ended for an asset with no subscription: the day after {@link publicEnd}. */
export function publicEndInstant(e: LifecycleEntry): string {
  return new Date(Date.parse(`${publicEnd(e)}T00:00:00Z`) + 86_400_000).toISOString();
}

/**
 * A lifecycle document → one advisory per stream (`EOL-centos-7`), published the moment public
 * support ended (the start of the day after the last one) so the SLA clock of its findings starts
 * there. They have no affected entries:
 * the end-of-life rule (`app/eol.ts`) raises the findings, by platform and date.
 */
export function parseEol(raw: RawAdvisoryInput): ParseOutcome {
  const life = readLifecycle(raw);
  const advisories: Advisory[] = life.entries.map((e) => ({
    id: eolAdvisoryId(e.stream),
    source: eolSourceId,
    title: `${e.name}: end of support`,
    published: publicEndInstant(e),
    ...(life.updated !== null && { modified: `${life.updated}T00:00:00Z` }),
    severity: 'high',
    cves: [],
    classification: Classification.Security,
    affected: [],
    references: [e.source, ...(e.extended?.source ? [e.extended.source] : [])],
  }));
  return { advisories, diagnostics: [...life.diagnostics] };
}
