import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../domain/clock.js';
import { openStore, parseStoreUrl, type OpenStoreOptions, type Store } from '../store/index.js';
import type { AppConfig } from './config.js';

export { openStore };

/**
 * Opens the configured store, creating the SQLite file's directory (./var by default) first.
 * Paths are relative to `cwd`. Migrations run on open.
 */
export async function openAppStore(
  config: AppConfig,
  clock: Clock,
  opts: OpenStoreOptions & { readonly cwd?: string } = {},
): Promise<Store> {
  const target = parseStoreUrl(config.databaseUrl);
  if (target.dialect === 'postgres' || target.path === ':memory:') {
    return openStore(config.databaseUrl, clock, opts);
  }
  const path = resolve(opts.cwd ?? process.cwd(), target.path);
  mkdirSync(dirname(path), { recursive: true });
  return openStore(path, clock, opts);
}
