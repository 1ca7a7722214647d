import { AffectedStatus, Classification } from '../../domain/index.js';
import type { AffectedPackage, Advisory } from '../../domain/index.js';
import { diagnosticSink } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import { cveIds, maxSeverity, severityFromPriority, unratedSeverity } from '../common/severity.js';
import { placed } from '../common/where.js';
import type { ParseOutcome } from '../types.js';
import { trackerSource } from './parse-json.js';
import { platformOfCodename } from './releases.js';

const headerLine = /^\[(\d{1,2}) ([A-Za-z]{3}) (\d{4})\] ((?:DSA|DLA|DTSA)-\d+(?:-\d+)?) ?(.*)$/;
const cveLine = /^\s+\{([^}]*)\}\s*$/;
const releaseLine = /^\s+\[([a-z-]+)\] - (\S+)(?:\s+(.*))?$/;
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Tags the list uses instead of a version, and what each means for the release. */
const tagStatus: Readonly<Record<string, AffectedStatus>> = {
  '<not-affected>': AffectedStatus.NotAffected,
  '<unfixed>': AffectedStatus.NoFixYet,
  '<postponed>': AffectedStatus.NoFixYet,
  '<no-dsa>': AffectedStatus.WillNotFix,
  '<ignored>': AffectedStatus.WillNotFix,
  '<end-of-life>': AffectedStatus.WillNotFix,
};

interface Draft {
  id: string;
  line: number;
  title: string;
  published: string;
  cves: string[];
  affected: AffectedPackage[];
  urgencies: string[];
}

/**
 * The security tracker's `data/DSA/list` and `data/DLA/list` text format (security-tracker
 * repository, `lib/python/bugs.py` grammar): `[dd Mon yyyy] DSA-n-r pkg - description`, then
 * indented `{CVE-…}` and `[codename] - package version|<tag> (notes)` lines. A malformed header
 * drops its record; a malformed detail line is reported and skipped.
 */
export function parseDsaList(text: string, name: string): ParseOutcome {
  const sink = diagnosticSink(trackerSource, name);
  const advisories: Advisory[] = [];
  let draft: Draft | undefined;
  let skipping = false;
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    const lineNo = i + 1;
    if (line.trim() === '' || /^\s+NOTE:/.test(line)) continue;
    if (line.startsWith('[')) {
      if (draft) advisories.push(finish(draft));
      draft = header(line, lineNo, sink);
      skipping = draft === undefined;
      continue;
    }
    if (skipping) continue;
    if (!draft) {
      sink.error('detail line before any advisory header', { line: lineNo });
      continue;
    }
    detail(line, lineNo, draft, sink);
  }
  if (draft) advisories.push(finish(draft));
  return { advisories, diagnostics: sink.diagnostics };
}

function header(line: string, lineNo: number, sink: DiagnosticSink): Draft | undefined {
  const m = headerLine.exec(line);
  const month = m ? months.indexOf((m[2] ?? '').toLowerCase()) : -1;
  if (!m || month < 0) {
    sink.error(`malformed advisory header, record skipped: ${line.slice(0, 80)}`, { line: lineNo });
    return undefined;
  }
  const published = `${m[3]}-${String(month + 1).padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`;
  const id = m[4] ?? '';
  return {
    id,
    line: lineNo,
    title: (m[5] ?? '').trim(),
    published,
    cves: [],
    affected: [],
    urgencies: [],
  };
}

function detail(line: string, lineNo: number, draft: Draft, sink: DiagnosticSink): void {
  const where = { line: lineNo, record: draft.id };
  const cves = cveLine.exec(line);
  if (cves) {
    draft.cves.push(...(cves[1] ?? '').split(/\s+/).filter(Boolean));
    return;
  }
  const rel = releaseLine.exec(line);
  if (!rel) {
    sink.error(`unrecognised line skipped: ${line.trim().slice(0, 80)}`, where);
    return;
  }
  const platform = platformOfCodename(rel[1] ?? '');
  if (!platform) {
    sink.warn(`unknown release codename "${rel[1]}" skipped`, where);
    return;
  }
  const rest = (rel[3] ?? '').trim();
  const notes = /\(([^)]*)\)\s*$/.exec(rest)?.[1] ?? '';
  for (const word of notes.split(/[;,\s]+/)) {
    if (/^(low|medium|high)$/.test(word)) draft.urgencies.push(word);
  }
  const value = rest.split(/\s+/)[0] ?? '';
  const base = { kind: 'package', platform, package: rel[2] ?? '', packageKind: 'source' } as const;
  if (value.startsWith('<')) {
    const status = tagStatus[value];
    if (!status) {
      sink.error(`unknown tag ${value} skipped`, where);
      return;
    }
    draft.affected.push({ ...base, status });
    return;
  }
  if (value === '' || value.startsWith('(')) {
    sink.error('release line without a fixed version skipped', where);
    return;
  }
  draft.affected.push(
    placed({ ...base, status: AffectedStatus.Fixed, fixed: value }, { line: lineNo }),
  );
}

function finish(d: Draft): Advisory {
  const severity = maxSeverity(d.urgencies.map(severityFromPriority));
  return {
    id: d.id,
    source: trackerSource,
    ...(d.title ? { title: d.title } : {}),
    published: d.published,
    ...(severity ? { vendorSeverity: severity } : {}),
    severity: severity ?? unratedSeverity,
    cves: cveIds(d.cves),
    classification: Classification.Security,
    affected: d.affected,
  };
}
