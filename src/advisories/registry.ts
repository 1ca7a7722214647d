import { AppError, ErrorCode } from '../domain/index.js';
import { alpineSecdb } from './alpine-secdb/index.js';
import { skipUnreadableVersions } from './common/versions.js';
import { decompress } from './compression.js';
import { eol } from './eol/index.js';
import { csaf } from './csaf/index.js';
import { debianSecuritySupport } from './debian-security-support/index.js';
import { debianTracker } from './debian-tracker/index.js';
import { msrcCvrf } from './msrc-cvrf/index.js';
import { openvex } from './openvex/index.js';
import { osv } from './osv/index.js';
import { oval } from './oval/index.js';
import type { AdvisorySource, ParseOutcome, RawAdvisoryInput } from './types.js';
import { ubuntuUsn } from './ubuntu-usn/index.js';

/**
 * Every advisory source, listed explicitly (STYLE.md §4.2 rule 2: no self-registration).
 * Order matters for `detectSource`: the most specific sniffers come first.
 */
export const advisorySources: ReadonlyMap<string, AdvisorySource> = new Map(
  [
    eol,
    csaf,
    msrcCvrf,
    oval,
    openvex,
    ubuntuUsn,
    alpineSecdb,
    debianSecuritySupport,
    debianTracker,
    osv,
  ].map((s) => [s.id, s]),
);

/** The source with this id; throws NOT_FOUND listing the known ids. */
export function getAdvisorySource(id: string): AdvisorySource {
  const s = advisorySources.get(id);
  if (!s) {
    const known = [...advisorySources.keys()].join(', ');
    throw new AppError(ErrorCode.NotFound, `unknown advisory source "${id}" (known: ${known})`);
  }
  return s;
}

const headBytes = 8192;

/**
 * Picks the source for an already-decompressed payload by sniffing its name and first bytes.
 * Throws INPUT_INVALID when no source recognises it.
 */
export function detectSource(name: string, bytes: Uint8Array): AdvisorySource {
  const head = headOf(bytes);
  for (const s of advisorySources.values()) {
    if (s.sniff(name, head)) return s;
  }
  throw new AppError(ErrorCode.InputInvalid, `cannot tell which advisory format ${name} is`, {
    location: { file: name },
    details: { known: [...advisorySources.keys()] },
  });
}

function headOf(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, headBytes))
    .replace(/^\uFEFF/, '');
}

/**
 * `sourceId` forced on a document its sniffer does not accept while another source's does:
 * refused as a whole (INPUT_INVALID) rather than read into a warning per record.
 */
function refuseForeign(source: AdvisorySource, input: RawAdvisoryInput): void {
  const head = headOf(input.bytes);
  if (source.sniff(input.name, head)) return;
  const other = [...advisorySources.values()].find((s) => s.sniff(input.name, head));
  if (!other) return;
  throw new AppError(
    ErrorCode.InputInvalid,
    `--source ${source.id}: ${input.name} is not ${source.displayName} (it looks like ${other.displayName}: use --source ${other.id}, or leave --source out)`,
    { location: { file: input.name } },
  );
}

/** Result of `parseAdvisoryFile`: which source read it, with the parser version to stamp. */
export interface DetectedOutcome extends ParseOutcome {
  readonly source: string;
  readonly parserVersion: number;
}

/**
 * Decompresses (.gz/.bz2/.xz), detects the source (or uses `sourceId`) and parses. This is what
 * `import advisories PATH…` calls per file.
 */
export function parseAdvisoryFile(raw: RawAdvisoryInput, sourceId?: string): DetectedOutcome {
  const input = decompress(raw);
  const source = sourceId ? getAdvisorySource(sourceId) : detectSource(input.name, input.bytes);
  if (sourceId) refuseForeign(source, input);
  const outcome = skipUnreadableVersions(source.parse(input), input.name);
  return { ...outcome, source: source.id, parserVersion: source.parserVersion };
}
