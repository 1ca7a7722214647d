import { AppError, ErrorCode } from '../../domain/errors.js';
import { feedEnvName } from './options.js';

/** How much one feed's sync may take: bytes per document, waits, and time in all. */
export interface FetchLimits {
  /**
   * Bytes of one document: on the wire, after Content-Encoding, after file-level decompression
   * (.gz/.bz2/.xz) and for all entries of a zip together. @default 1 GiB
   */
  readonly maxBytes: number;
  /** From request to response headers. @default 30 s */
  readonly headerTimeoutMs: number;
  /** Longest silence in a body; also the window in which 1 KiB must arrive. @default 30 s */
  readonly idleTimeoutMs: number;
  /** The whole sync of one feed: listing, every document, retries and waits. @default 30 min */
  readonly deadlineMs: number;
  /** Redirects followed per request. @default 5 */
  readonly maxRedirects: number;
}

export const defaultFetchLimits: FetchLimits = {
  maxBytes: 1024 ** 3,
  headerTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  deadlineMs: 30 * 60_000,
  maxRedirects: 5,
};

/** The variable read for each limit (`PATCHLINE_FEED_<NAME>`, or per feed `…_<SOURCE>_<NAME>`). */
export const limitSettings = {
  maxBytes: 'max_bytes',
  headerTimeoutMs: 'header_timeout',
  idleTimeoutMs: 'idle_timeout',
  deadlineMs: 'deadline',
  maxRedirects: 'max_redirects',
} as const satisfies Record<keyof FetchLimits, string>;

const kinds: Record<keyof FetchLimits, string> = {
  maxBytes: 'a positive size (bytes, or with K, M, G)',
  headerTimeoutMs: 'a positive duration (ms, s, m or h; bare: seconds)',
  idleTimeoutMs: 'a positive duration (ms, s, m or h; bare: seconds)',
  deadlineMs: 'a positive duration (ms, s, m or h; bare: seconds)',
  maxRedirects: 'a count (0 or more)',
};

/** The global variable name for a limit, for messages: `PATCHLINE_FEED_MAX_BYTES`. */
export function limitEnvName(limit: keyof FetchLimits): string {
  return `PATCHLINE_FEED_${limitSettings[limit]}`.toUpperCase();
}

/**
 * A feed's limits from the injected environment: `PATCHLINE_FEED_<SOURCE>_<NAME>` first, then
 * `PATCHLINE_FEED_<NAME>`, then the default. Sizes take an optional binary unit (`512M`, `2GiB`),
 * durations one of ms/s/m/h (a bare number is seconds). A bad value throws CONFIG_INVALID naming
 * the variable.
 */
export function fetchLimits(
  env: Readonly<Record<string, string | undefined>>,
  feedId: string,
): FetchLimits {
  const read = (limit: keyof FetchLimits, parse: (text: string) => number | undefined): number => {
    for (const name of [feedEnvName(feedId, limitSettings[limit]), limitEnvName(limit)]) {
      const text = env[name];
      if (text === undefined) continue;
      const value = parse(text.trim());
      const least = limit === 'maxRedirects' ? 0 : 1;
      if (value === undefined || !Number.isSafeInteger(value) || value < least) {
        throw new AppError(ErrorCode.ConfigInvalid, `${name}=${text} is not ${kinds[limit]}`, {
          location: { record: name },
        });
      }
      return value;
    }
    return defaultFetchLimits[limit];
  };
  return {
    maxBytes: read('maxBytes', parseSize),
    headerTimeoutMs: read('headerTimeoutMs', parseDuration),
    idleTimeoutMs: read('idleTimeoutMs', parseDuration),
    deadlineMs: read('deadlineMs', parseDuration),
    maxRedirects: read('maxRedirects', (t) => (/^\d+$/.test(t) ? Number(t) : undefined)),
  };
}

const sizeUnits: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `1048576`, `512K`, `64MiB`, `1.5G` (binary units). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = m ? sizeUnits[m[2]!.toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.round(Number(m[1]) * unit) : undefined;
}

const durationUnits: Readonly<Record<string, number>> = {
  '': 1000,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
};

/** `30` (seconds), `500ms`, `90s`, `45m`, `2h`, in milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = m ? durationUnits[m[2]!.toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.round(Number(m[1]) * unit) : undefined;
}
