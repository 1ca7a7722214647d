import type { Diagnostic } from '../../domain/diagnostics.js';

/** One document a feed downloads; its raw payload is kept under `url`. */
export interface FeedDocument {
  readonly url: string;
  /** File-like name, for format sniffing and messages (`v3.20-main.json`). */
  readonly name: string;
  /** Extra request headers (content negotiation). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a feed will download this time, and where it stands once all of it succeeded. */
export interface FeedListing {
  readonly documents: readonly FeedDocument[];
  /** Saved in `feed_state.cursor` only when every document succeeded. */
  readonly cursor?: unknown;
  /** Index lines that were skipped. */
  readonly diagnostics?: readonly Diagnostic[];
}

/** What listing a feed may use: its base URL, options, last cursor and an index fetch. */
export interface FeedListContext {
  /** Without a trailing slash. */
  readonly baseUrl: string;
  /** Feed options from the environment (`PATCHLINE_FEED_<ID>_<OPTION>`), by option name. */
  readonly options: Readonly<Record<string, string | undefined>>;
  /** The cursor saved after the last complete sync, or null. */
  readonly cursor: unknown;
  /** GET with retries; throws on anything but 2xx. For index documents. */
  fetchText(url: string, headers?: Readonly<Record<string, string>>): Promise<string>;
}

/**
 * How to download one vendor's data (DESIGN.md "vendor feeds -> raw payloads"). Definitions hold
 * the public URLs and the listing logic only; downloading, conditional requests, retries and
 * storing are shared (`sync.ts`, `app/feeds.ts`).
 */
export interface FeedDefinition {
  /** The advisory source (parser) id the documents are read with; also the feed's name. */
  readonly id: string;
  /** Public base URL; override with `PATCHLINE_FEED_<ID>_URL` or `--base-url`. */
  readonly defaultBaseUrl: string;
  readonly description: string;
  /** Option names read from `PATCHLINE_FEED_<ID>_<NAME>`, with their defaults, for `--help`. */
  readonly options: Readonly<Record<string, string>>;
  /**
   * Origins (`https://host`) redirects may lead to besides the base URL's own; none by default,
   * so a mirror cannot send a sync elsewhere unnoticed.
   */
  readonly redirectOrigins?: readonly string[];
  list(ctx: FeedListContext): Promise<FeedListing>;
}
