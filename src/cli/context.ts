import { Role, type Principal } from '../domain/access.js';
import { fixedClock, type Clock } from '../domain/clock.js';
import { loadConfig, type AppConfig, type Env } from '../app/config.js';
import type { Store } from '../app/open-store.js';
import type { Io, TableLayout } from './output.js';

/** What the composition root hands the CLI: everything that would otherwise be global. */
export interface CliDeps {
  readonly io: Io;
  readonly clock: Clock;
  readonly env: Env;
  readonly cwd: string;
  /** The OS user, for the audit log when `PATCHLINE_ACTOR` is unset. */
  readonly user: string;
  /** Patchline's version, from package.json. */
  readonly version: string;
  /**
   * Calls `fn` once when the process is asked to stop (SIGTERM, SIGINT); long-running commands
   * (`serve`, `worker`) drain on it. Absent in tests that never signal.
   */
  readonly onShutdown?: (fn: () => void) => void;
}

/**
 * The one object every command reads its clock, configuration and store from. `--at` (set by
 * the program's pre-action hook) and `PATCHLINE_NOW` pin the clock for the whole command.
 */
export class CliContext {
  readonly io: Io;
  /** How tables fit the terminal; `--wide` (the program's pre-action hook) lifts the width. */
  readonly layout: TableLayout;
  readonly env: Env;
  readonly cwd: string;
  readonly version: string;
  readonly onShutdown: (fn: () => void) => void;
  private readonly deps: CliDeps;
  private cached: AppConfig | undefined;
  private pinned: Date | undefined;

  constructor(deps: CliDeps) {
    this.deps = deps;
    this.io = deps.io;
    this.layout = { width: deps.io.isTTY ? deps.io.columns : undefined };
    this.env = deps.env;
    this.cwd = deps.cwd;
    this.version = deps.version;
    this.onShutdown = deps.onShutdown ?? (() => undefined);
  }

  /** Read lazily, so `--help` works even with a broken environment. */
  get config(): AppConfig {
    this.cached ??= loadConfig(this.env, { cwd: this.cwd, user: this.deps.user });
    return this.cached;
  }

  get clock(): Clock {
    const at = this.pinned ?? this.config.now;
    return at === undefined ? this.deps.clock : fixedClock(at);
  }

  /** `cli:<actor>`, as the audit log names a CLI action. */
  get actor(): string {
    return `cli:${this.config.actor}`;
  }

  /**
   * Who the local CLI acts as: an admin, since whoever runs it owns the store file (or its
   * database URL) and could change the rows directly. Its id keeps the channel (`cli:<name>`);
   * separation of duties compares `user:<name>` as the API does.
   */
  get principal(): Principal {
    return { kind: 'user', id: this.actor, name: this.config.actor, role: Role.Admin };
  }

  /** The clock, or one frozen at `fallback` when neither `--at` nor `PATCHLINE_NOW` is given. */
  clockOr(fallback: Date): Clock {
    return fixedClock(this.pinned ?? this.config.now ?? fallback);
  }

  pinClock(at: Date): void {
    this.pinned = at;
  }

  /** Loads the store's modules only when a command uses it. */
  async withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const { withAppStore } = await import('../app/open-store.js');
    return withAppStore(this.config, this.clock, fn);
  }
}
