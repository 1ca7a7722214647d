import { AppError, ErrorCode } from '../../../domain/errors.js';
import { type EnrichmentLimits, type EnrichmentParse, type KevEntry } from '../types.js';
import { collectRows } from '../rows.js';
import { KevCatalog, KevVulnerability } from './schema.js';

/**
 * Parses the CISA KEV JSON catalog. A document that is not JSON, lacks the envelope or lists
 * more than `limits.maxRows` entries throws ADVISORY_INVALID naming the file; an entry that
 * fails the schema, or repeats a CVE, is skipped with a diagnostic at its JSON pointer.
 */
export function parseKev(
  text: string,
  file: string,
  limits: Pick<EnrichmentLimits, 'maxRows'>,
): EnrichmentParse<KevEntry> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError(ErrorCode.AdvisoryInvalid, `not JSON (${(cause as Error).message})`, {
      cause,
      location: { file },
    });
  }
  const env = KevCatalog.safeParse(json);
  if (!env.success) {
    const issue = env.error.issues[0]!;
    const pointer = `/${issue.path.join('/')}`;
    throw new AppError(ErrorCode.AdvisoryInvalid, `not a KEV catalog: ${issue.message}`, {
      location: { file, pointer },
    });
  }
  const list = env.data.vulnerabilities;
  if (list.length > limits.maxRows) {
    throw new AppError(
      ErrorCode.AdvisoryInvalid,
      `${list.length} KEV entries, over the limit of ${limits.maxRows}`,
      { location: { file, pointer: '/vulnerabilities' }, details: { limit: limits.maxRows } },
    );
  }
  const out = collectRows<KevEntry>('KEV entry');
  const at = (i: number) => ({ file, pointer: `/vulnerabilities/${i}` });
  for (const [i, raw] of list.entries()) {
    const r = KevVulnerability.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      out.skip(at(i), `${issue.path.join('.') || 'entry'}: ${issue.message}`);
      continue;
    }
    out.add(r.data, at(i));
  }
  return out.result({ version: env.data.catalogVersion, documentDate: env.data.dateReleased });
}
