import { AppError, ErrorCode } from '../domain/errors.js';

/** Settings read from the environment, frozen once read. */
export interface AppConfig {
  /**
   * `PATCHLINE_DATABASE_URL`: a SQLite file path (embedded default) or `postgres://…`.
   * @default './var/patchline.db'
   */
  readonly databaseUrl: string;
}

/** The embedded default: a SQLite file under ./var/ of the working directory. */
export const defaultDatabaseUrl = './var/patchline.db';

/** Reads the configuration; throws CONFIG_INVALID on a blank database URL. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const url = env.PATCHLINE_DATABASE_URL;
  if (url !== undefined && url.trim() === '') {
    throw new AppError(ErrorCode.ConfigInvalid, 'PATCHLINE_DATABASE_URL is set but empty', {
      location: { record: 'PATCHLINE_DATABASE_URL' },
    });
  }
  return Object.freeze({ databaseUrl: url ?? defaultDatabaseUrl });
}
