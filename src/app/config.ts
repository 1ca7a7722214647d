import { isAbsolute, join, resolve } from 'node:path';
import { AppError, ErrorCode } from '../domain/errors.js';
import { defaultMaxInputBytes, parseByteSize } from '../util/read-input.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Settings read from the environment, frozen once read. */
export interface AppConfig {
  /** Folder of the embedded store and its key; absolute. */
  readonly home: string;
  /** A SQLite file path (absolute) or `postgres://…`. */
  readonly databaseUrl: string;
  /** Whether the database location came from `PATCHLINE_DATABASE_URL` rather than the home. */
  readonly databaseExplicit: boolean;
  /** Policy file or directory, when one is configured. */
  readonly policy: string | undefined;
  /** Who the audit log names for actions of this process. */
  readonly actor: string;
  /** A fixed "now" for the whole process, when one is set. */
  readonly now: Date | undefined;
  /** The file audit-log anchors are appended to (absolute), when one is set. */
  readonly auditAnchor: string | undefined;
  /** Largest inventory, advisory or policy file read, in bytes. */
  readonly maxInputBytes: number;
  /** Where `serve` listens. */
  readonly listen: { readonly host: string; readonly port: number };
}

/** What the composition root knows about the machine, for defaults that depend on it. */
export interface ConfigContext {
  readonly cwd: string;
  /** The OS user, named in the audit log when `PATCHLINE_ACTOR` is unset. */
  readonly user: string;
}

/** One row of the configuration table: it feeds the loader, `--help`, README and `config`. */
export interface Setting {
  readonly env: string;
  /** How the default reads for people. */
  readonly defaultText: string;
  readonly description: string;
}

/**
 * Every environment variable Patchline reads. README's configuration table is checked against
 * this list by a test, so adding a variable here without documenting it fails.
 */
export const settings: readonly Setting[] = [
  {
    env: 'PATCHLINE_HOME',
    defaultText: '`$XDG_DATA_HOME/patchline` (`~/.local/share/patchline`)',
    description: 'folder of the embedded SQLite store and the secret key, created on first use',
  },
  {
    env: 'PATCHLINE_DATABASE_URL',
    defaultText: '`$PATCHLINE_HOME/patchline.db`',
    description: '`postgres://…` for PostgreSQL, else a SQLite file path (its folder must exist)',
  },
  {
    env: 'PATCHLINE_POLICY',
    defaultText: 'none',
    description:
      'the policy file or directory `evaluate`, `report` and `windows` use when `--policy` is not given',
  },
  {
    env: 'PATCHLINE_SECRET_KEY',
    defaultText: '`secret.key` beside the SQLite store (or in `$PATCHLINE_HOME`)',
    description:
      'key that encrypts stored vCenter passwords (64 hex digits or base64); created only while no secret is stored, a key file must be mode 0600',
  },
  {
    env: 'PATCHLINE_AUDIT_ANCHOR',
    defaultText: 'none',
    description:
      'a file (JSON lines) that receives the audit head after every write; `audit verify` checks the log against its furthest line, so a truncated log is found',
  },
  {
    env: 'PATCHLINE_ACTOR',
    defaultText: 'the OS user',
    description: 'who the audit log names for CLI actions',
  },
  {
    env: 'PATCHLINE_NOW',
    defaultText: 'the system clock',
    description: 'an ISO 8601 instant every command takes as now (as `--at` does for one command)',
  },
  {
    env: 'PATCHLINE_MAX_INPUT_BYTES',
    defaultText: '`256MiB`',
    description:
      'largest inventory, advisory or policy file read (bytes, or with `KiB`/`MiB`/`GiB`); a larger one is refused naming the file',
  },
  {
    env: 'PATCHLINE_LISTEN',
    defaultText: '`127.0.0.1:8420`',
    description:
      'address `serve` listens on, `HOST:PORT` (`[::1]:8420` for IPv6); a port of 0 picks a free one',
  },
  {
    env: 'PATCHLINE_FEED_<SOURCE>_URL',
    defaultText: "the vendor's public URL",
    description:
      'base URL of a vendor feed (a local mirror); `<SOURCE>` is the source id in upper case, e.g. `OSV`, `DEBIAN_TRACKER`, `MSRC_CVRF`',
  },
  {
    env: 'PATCHLINE_FEED_OSV_ECOSYSTEMS',
    defaultText: 'see decision 0030',
    description: 'the OSV ecosystems `feeds sync` fetches, comma-separated',
  },
  {
    env: 'PATCHLINE_FEED_ALPINE_SECDB_RELEASES',
    defaultText: 'see decision 0030',
    description: 'the Alpine releases `feeds sync` fetches, comma-separated',
  },
  {
    env: 'PATCHLINE_FEED_ALPINE_SECDB_REPOS',
    defaultText: '`main,community`',
    description: 'the Alpine repositories `feeds sync` fetches, comma-separated',
  },
  {
    env: 'PATCHLINE_FEED_MAX_BYTES',
    defaultText: '`1G`',
    description:
      'largest document `feeds sync` accepts, on the wire and once decompressed (bytes, or with K, M, G)',
  },
  {
    env: 'PATCHLINE_FEED_HEADER_TIMEOUT',
    defaultText: '`30s`',
    description:
      'how long `feeds sync` waits for a response to start (ms, s, m or h; bare: seconds)',
  },
  {
    env: 'PATCHLINE_FEED_IDLE_TIMEOUT',
    defaultText: '`30s`',
    description:
      'longest silence inside a response; under 1 KiB in that time also fails (too slow)',
  },
  {
    env: 'PATCHLINE_FEED_DEADLINE',
    defaultText: '`30m`',
    description:
      'time for the whole sync of one feed, retries included; documents not reached by then fail',
  },
  {
    env: 'PATCHLINE_FEED_MAX_REDIRECTS',
    defaultText: '`5`',
    description: "redirects followed per request, and only within the base URL's origin",
  },
  {
    env: 'PATCHLINE_FEED_{CSAF,MSRC_CVRF}_SINCE',
    defaultText: 'everything',
    description: 'fetch only documents changed since this date',
  },
];

/** Parses an ISO 8601 instant given by `what` (a flag or variable name). */
export function parseInstant(text: string, what: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? new Date(text.trim()) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) {
    throw new AppError(ErrorCode.InputInvalid, `${what} ${text} is not an ISO 8601 time`, {
      location: { record: what },
    });
  }
  return d;
}

function nonBlank(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  if (v.trim() === '') {
    throw new AppError(ErrorCode.ConfigInvalid, `${name} is set but empty`, {
      location: { record: name },
    });
  }
  return v;
}

function defaultHome(env: Env): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'patchline');
  const home = env.HOME;
  if (home === undefined || home === '') {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      'neither PATCHLINE_HOME nor HOME is set: set PATCHLINE_HOME to the folder for the store',
      { location: { record: 'PATCHLINE_HOME' } },
    );
  }
  return join(home, '.local', 'share', 'patchline');
}

function byteSize(text: string): number {
  const n = parseByteSize(text);
  if (n === undefined) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `PATCHLINE_MAX_INPUT_BYTES ${text} is not a byte count (e.g. 268435456 or 256MiB)`,
      { location: { record: 'PATCHLINE_MAX_INPUT_BYTES' } },
    );
  }
  return n;
}

/** Reads the configuration table from `env`; throws CONFIG_INVALID on a bad value. */
export function loadConfig(env: Env, ctx: ConfigContext): AppConfig {
  const homeVar = nonBlank(env, 'PATCHLINE_HOME');
  const home = homeVar === undefined ? defaultHome(env) : resolve(ctx.cwd, homeVar);
  const url = nonBlank(env, 'PATCHLINE_DATABASE_URL');
  const databaseUrl =
    url === undefined
      ? join(home, 'patchline.db')
      : /^[a-z][a-z0-9+.-]+:/i.test(url) || url === ':memory:'
        ? url
        : resolve(ctx.cwd, url);
  const nowText = nonBlank(env, 'PATCHLINE_NOW');
  const anchor = nonBlank(env, 'PATCHLINE_AUDIT_ANCHOR');
  const maxText = nonBlank(env, 'PATCHLINE_MAX_INPUT_BYTES');
  return Object.freeze({
    home,
    databaseUrl,
    databaseExplicit: url !== undefined,
    policy: nonBlank(env, 'PATCHLINE_POLICY'),
    actor: nonBlank(env, 'PATCHLINE_ACTOR') ?? ctx.user,
    now: nowText === undefined ? undefined : parseInstant(nowText, 'PATCHLINE_NOW'),
    auditAnchor: anchor === undefined ? undefined : resolve(ctx.cwd, anchor),
    maxInputBytes: maxText === undefined ? defaultMaxInputBytes : byteSize(maxText),
    listen: parseListen(nonBlank(env, 'PATCHLINE_LISTEN') ?? '127.0.0.1:8420'),
  });
}

/** `HOST:PORT` or `[V6]:PORT`. */
export function parseListen(text: string): { readonly host: string; readonly port: number } {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `PATCHLINE_LISTEN ${text} is not HOST:PORT (e.g. 127.0.0.1:8420 or [::1]:8420)`,
      { location: { record: 'PATCHLINE_LISTEN' } },
    );
  }
  return { host: m[1] ?? m[2]!, port };
}

/** The store URL with any password masked, for messages and `patchline config`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}
