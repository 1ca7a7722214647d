import { decompress } from '../compression.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { parseEpss } from './epss/parse.js';
import { parseKev } from './kev/parse.js';
import type {
  EnrichmentLimits,
  EnrichmentParse,
  EnrichmentSource,
  EpssScore,
  KevEntry,
} from './types.js';

/** One enrichment source: where it is published and how its document reads. */
export interface EnrichmentDefinition {
  readonly id: EnrichmentSource;
  readonly title: string;
  /** The document's public URL; `PATCHLINE_FEED_<ID>_URL` replaces it (a mirror). */
  readonly defaultUrl: string;
}

/** Both sources, in sync order. */
export const enrichmentDefinitions: readonly EnrichmentDefinition[] = [
  {
    id: 'kev',
    title: 'CISA Known Exploited Vulnerabilities',
    defaultUrl:
      'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
  },
  {
    id: 'epss',
    title: 'FIRST Exploit Prediction Scoring System',
    defaultUrl: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
  },
];

/** The definition of `id`; NOT_FOUND naming the known ones. */
export function getEnrichment(id: string): EnrichmentDefinition {
  const d = enrichmentDefinitions.find((x) => x.id === id);
  if (!d) {
    const known = enrichmentDefinitions.map((x) => x.id).join(', ');
    throw new AppError(ErrorCode.NotFound, `unknown enrichment source "${id}" (known: ${known})`, {
      location: { record: id },
    });
  }
  return d;
}

export type ParsedEnrichment =
  | ({ readonly source: 'kev' } & EnrichmentParse<KevEntry>)
  | ({ readonly source: 'epss' } & EnrichmentParse<EpssScore>);

/**
 * Reads one document of `source` from raw bytes: gzip (EPSS is served as `.csv.gz`), bzip2 or
 * xz are undone first within `limits.maxBytes`, then the text must be UTF-8.
 */
export function parseEnrichment(
  source: EnrichmentSource,
  name: string,
  bytes: Uint8Array,
  limits: EnrichmentLimits,
): ParsedEnrichment {
  const plain = decompress(
    { name, bytes },
    { maxBytes: limits.maxBytes, ...(limits.setting && { setting: limits.setting }) },
  );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plain.bytes);
  } catch (cause) {
    throw new AppError(ErrorCode.AdvisoryInvalid, 'not UTF-8 text', {
      cause,
      location: { file: name },
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return source === 'kev'
    ? { source, ...parseKev(text, name, limits) }
    : { source, ...parseEpss(text, name, limits) };
}
