import { AffectedStatus, Classification } from '../../domain/index.js';
import type { AffectedPackage, Advisory, Severity } from '../../domain/index.js';
import { diagnosticSink, invalidDocument, pointer } from '../common/document.js';
import { looseRecord } from '../common/loose.js';
import { cveIds, maxSeverity, severityFromPriority, unratedSeverity } from '../common/severity.js';
import { placed } from '../common/where.js';
import type { ParseOutcome } from '../types.js';
import { platformOfCodename } from './releases.js';
import { TrackerCve, TrackerDocument, TrackerRelease } from './schema.js';

export const trackerSource = 'debian-tracker';

interface Draft {
  title?: string;
  affected: AffectedPackage[];
  urgencies: string[];
}

/**
 * Debian security tracker JSON → one Advisory per CVE (or TEMP- id), merging every source package
 * that carries it. Per release: `resolved` + fixed_version "0" = not affected; `resolved` + version
 * = fixed; `open` = no fix yet (will-not-fix when urgency is end-of-life or nodsa_reason is
 * "ignored"); `undetermined` = no fix yet.
 */
export function parseTrackerJson(doc: unknown, name: string): ParseOutcome {
  const top = TrackerDocument.safeParse(doc);
  if (!top.success) throw invalidDocument(name, 'is not a Debian tracker JSON object');
  const sink = diagnosticSink(trackerSource, name);
  const drafts = new Map<string, Draft>();
  for (const [pkg, cves] of Object.entries(top.data)) {
    for (const [id, entry] of looseRecord(TrackerCve, cves, [pkg], sink)) {
      const draft = drafts.get(id) ?? { affected: [], urgencies: [] };
      drafts.set(id, draft);
      if (entry.description && !draft.title) draft.title = entry.description;
      const releases = looseRecord(TrackerRelease, entry.releases, [pkg, id, 'releases'], sink);
      for (const [codename, rel] of releases) {
        const at = pointer([pkg, id, 'releases', codename]);
        const platform = platformOfCodename(codename);
        if (!platform) {
          sink.warn(`unknown release codename "${codename}" skipped`, { pointer: at, record: id });
          continue;
        }
        if (rel.urgency) draft.urgencies.push(rel.urgency);
        draft.affected.push(
          placed(entryOf(pkg, platform, rel), { pointer: `${at}/fixed_version` }),
        );
      }
    }
  }
  const advisories = [...drafts].map(([id, d]) => toAdvisory(id, d));
  return { advisories, diagnostics: sink.diagnostics };
}

function entryOf(pkg: string, platform: string, rel: TrackerRelease): AffectedPackage {
  const base = { kind: 'package', platform, package: pkg, packageKind: 'source' } as const;
  if (rel.status === 'resolved' && rel.fixed_version === '0') {
    return { ...base, status: AffectedStatus.NotAffected };
  }
  if (rel.status === 'resolved' && rel.fixed_version) {
    return { ...base, status: AffectedStatus.Fixed, fixed: rel.fixed_version };
  }
  const wontFix = rel.urgency === 'end-of-life' || rel.nodsa_reason === 'ignored';
  return { ...base, status: wontFix ? AffectedStatus.WillNotFix : AffectedStatus.NoFixYet };
}

function toAdvisory(id: string, d: Draft): Advisory {
  const rated = d.urgencies.filter((u) => severityFromPriority(u) !== undefined);
  const severity: Severity | undefined = maxSeverity(rated.map(severityFromPriority));
  const vendor = rated.find((u) => severityFromPriority(u) === severity);
  return {
    id,
    source: trackerSource,
    ...(d.title ? { title: d.title } : {}),
    ...(vendor ? { vendorSeverity: vendor } : {}),
    severity: severity ?? unratedSeverity,
    cves: cveIds([id]),
    classification: Classification.Security,
    affected: d.affected,
  };
}
