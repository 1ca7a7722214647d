import { AffectedStatus, Classification } from '../../domain/index.js';
import type { AffectedPackage, Advisory } from '../../domain/index.js';
import { diagnosticSink, invalidDocument, parseJsonDocument, pointer } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import { looseItem, looseRecord } from '../common/loose.js';
import { cveIds, unratedSeverity } from '../common/severity.js';
import { placed } from '../common/where.js';
import type { ParseOutcome, RawAdvisoryInput } from '../types.js';
import { platformOfCodename } from './releases.js';
import { UsnNotice, UsnRelease } from './schema.js';

const source = 'ubuntu-usn';

/**
 * The USN database (`database-all.json`, keyed by notice number) → one Advisory per notice,
 * id `USN-NNNN-N`. Each release codename becomes `ubuntu:NN.NN`; `binaries` give binary-package
 * entries and `sources` source-package entries, all status fixed. The database carries no
 * priority, so notices are unrated (see README.md). Reboot hint: the `action` text asks for one.
 */
export function parseUsnDatabase(raw: RawAdvisoryInput): ParseOutcome {
  const doc = parseJsonDocument(raw.bytes, raw.name);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalidDocument(raw.name, 'is not a USN database object');
  }
  const sink = diagnosticSink(source, raw.name);
  const advisories: Advisory[] = [];
  for (const [key, notice] of looseRecord(UsnNotice, doc, [], sink)) {
    advisories.push(toAdvisory(key, notice, sink));
  }
  return { advisories, diagnostics: sink.diagnostics };
}

function toAdvisory(key: string, n: UsnNotice, sink: DiagnosticSink): Advisory {
  const id = `USN-${n.id ?? key}`.replace(/^USN-USN-/, 'USN-');
  const affected: AffectedPackage[] = [];
  for (const [codename, value] of Object.entries(n.releases)) {
    const at = [key, 'releases', codename];
    const platform = platformOfCodename(codename);
    if (!platform) {
      sink.warn(`unknown release codename "${codename}" skipped`, {
        pointer: pointer(at),
        record: id,
      });
      continue;
    }
    const rel = looseItem(UsnRelease, value, at, sink, () => id);
    if (!rel) continue;
    affected.push(
      ...entries(platform, rel.binaries, 'binary', [...at, 'binaries']),
      ...entries(platform, rel.sources, 'source', [...at, 'sources']),
    );
  }
  return {
    id,
    source,
    ...(n.title ? { title: n.title } : {}),
    published: new Date(n.timestamp * 1000).toISOString(),
    severity: unratedSeverity,
    cves: cveIds(n.cves ?? []),
    classification: Classification.Security,
    ...(n.action && /\breboot\b/i.test(n.action) ? { rebootHint: true } : {}),
    affected,
  };
}

function entries(
  platform: string,
  map: Record<string, { version: string }> | undefined,
  packageKind: 'binary' | 'source',
  at: readonly string[],
): AffectedPackage[] {
  return Object.entries(map ?? {}).map(([name, v]) =>
    placed(
      {
        kind: 'package',
        platform,
        package: name,
        packageKind,
        status: AffectedStatus.Fixed,
        fixed: v.version,
      },
      { pointer: pointer([...at, name, 'version']) },
    ),
  );
}
