import { AppError, ErrorCode } from '../../../domain/errors.js';
import {
  cvePattern,
  type EnrichmentHeader,
  type EnrichmentLimits,
  type EnrichmentParse,
  type EpssScore,
} from '../types.js';
import { collectRows } from '../rows.js';

/** `0`, `0.00043`, `1.0`, `9.1e-05`: a plain decimal, as FIRST writes scores. */
const decimal = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Parses a FIRST EPSS scores file (https://www.first.org/epss/data_stats): an optional leading
 * comment `#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000`, then the header
 * `cve,epss,percentile` (columns found by name) and one row per CVE. A missing header, or more
 * than `limits.maxRows` rows, throws ADVISORY_INVALID located at the file and line; a bad row (wrong
 * field count, CVE id, a score outside 0..1, a repeated CVE) is skipped with a diagnostic
 * giving its line.
 */
export function parseEpss(
  text: string,
  file: string,
  limits: Pick<EnrichmentLimits, 'maxRows'>,
): EnrichmentParse<EpssScore> {
  const lines = text.split('\n');
  let at = 0;
  let header: EnrichmentHeader = { version: null, documentDate: null };
  const first = stripCr(lines[0] ?? '');
  if (first.startsWith('#')) {
    header = comment(first);
    at = 1;
  }
  const head = stripCr(lines[at] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  const col = {
    cve: head.indexOf('cve'),
    epss: head.indexOf('epss'),
    pct: head.indexOf('percentile'),
  };
  if (col.cve < 0 || col.epss < 0 || col.pct < 0) {
    throw new AppError(
      ErrorCode.AdvisoryInvalid,
      'not an EPSS file: expected the header cve,epss,percentile',
      { location: { file, line: at + 1 } },
    );
  }
  const out = collectRows<EpssScore>('EPSS row');
  const skip = (line: number, why: string) => out.skip({ file, line }, why);
  for (let i = at + 1; i < lines.length; i++) {
    const line = stripCr(lines[i]!);
    if (line.trim() === '') continue;
    if (out.read >= limits.maxRows) {
      throw new AppError(ErrorCode.AdvisoryInvalid, `more than ${limits.maxRows} EPSS rows`, {
        location: { file, line: i + 1 },
        details: { limit: limits.maxRows },
      });
    }
    const fields = line.split(',');
    if (fields.length !== head.length) {
      skip(i + 1, `${fields.length} fields, the header has ${head.length}`);
      continue;
    }
    const cve = fields[col.cve]!.trim().toUpperCase();
    if (!cvePattern.test(cve)) {
      skip(i + 1, `"${clip(fields[col.cve]!)}" is not a CVE id`);
      continue;
    }
    const epss = probability(fields[col.epss]!);
    const percentile = probability(fields[col.pct]!);
    if (epss === undefined || percentile === undefined) {
      const bad =
        epss === undefined
          ? `epss "${clip(fields[col.epss]!)}"`
          : `percentile "${clip(fields[col.pct]!)}"`;
      skip(i + 1, `${bad} is not a number from 0 to 1`);
      continue;
    }
    out.add({ cve, epss, percentile }, { file, line: i + 1 });
  }
  return out.result(header);
}

/** `#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000` → its two values. */
function comment(line: string): EnrichmentHeader {
  const fields = new Map(
    line
      .slice(1)
      .split(',')
      .map((kv) => {
        const at = kv.indexOf(':');
        return at < 0 ? [kv.trim(), ''] : [kv.slice(0, at).trim(), kv.slice(at + 1).trim()];
      }),
  );
  return {
    version: fields.get('model_version') || null,
    documentDate: fields.get('score_date') || null,
  };
}

function probability(text: string): number | undefined {
  const t = text.trim();
  if (!decimal.test(t)) return undefined;
  const n = Number(t);
  return n >= 0 && n <= 1 ? n : undefined;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** At most 40 characters of a bad field, for messages. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
