import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { openStore, parseStoreUrl, type OpenStoreOptions, type Store } from '../store/index.js';
import { anchorWriter } from './audit.js';
import type { AppConfig } from './config.js';

export { openStore };
export type { AuditCheck, Store } from '../store/index.js';

/**
 * Opens the configured store; migrations run on open. The home folder is created on first use;
 * a SQLite file named by `PATCHLINE_DATABASE_URL` must be in a folder that exists, so a typo in
 * the path is an error rather than a new empty store somewhere unexpected.
 */
export async function openAppStore(
  config: AppConfig,
  clock: Clock,
  opts: OpenStoreOptions = {},
): Promise<Store> {
  const target = parseStoreUrl(config.databaseUrl);
  if (target.dialect === 'sqlite' && target.path !== ':memory:') {
    const folder = dirname(target.path);
    if (!config.databaseExplicit) mkdirSync(folder, { recursive: true });
    else if (!existsSync(folder)) {
      throw new AppError(
        ErrorCode.ConfigInvalid,
        `the folder of the store ${target.path} does not exist: create it, or fix PATCHLINE_DATABASE_URL`,
        { location: { record: 'PATCHLINE_DATABASE_URL' } },
      );
    }
  }
  const anchor = config.auditAnchor;
  return openStore(config.databaseUrl, clock, {
    ...(anchor !== undefined && { onAuditAppended: anchorWriter(anchor, clock) }),
    ...opts,
  });
}

/** Opens the store, runs `fn`, and closes the store whatever happens. */
export async function withAppStore<T>(
  config: AppConfig,
  clock: Clock,
  fn: (store: Store) => Promise<T>,
  opts: OpenStoreOptions = {},
): Promise<T> {
  const store = await openAppStore(config, clock, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
