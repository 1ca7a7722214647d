import type { PathKey } from '../source-map.js';
import type { Migration } from './types.js';

/**
 * Version 0 is the pre-release draft format: maintenance windows sat under `maintenance` and each
 * window spelled its time zone `tz`. Version 1 calls them `windows` and `timezone`.
 */
export const v0ToV1: Migration = {
  from: 0,
  description: 'rename maintenance to windows and tz to timezone',
  migrate(doc) {
    const { maintenance, ...rest } = doc;
    const out: Record<string, unknown> = { ...rest, version: 1 };
    if (maintenance === undefined) return out;
    out.windows = Array.isArray(maintenance) ? maintenance.map(renameTz) : maintenance;
    return out;
  },
  sourcePath(path) {
    if (path[0] !== 'windows') return [...path];
    const out: PathKey[] = ['maintenance', ...path.slice(1)];
    if (out.length >= 3 && out[2] === 'timezone') out[2] = 'tz';
    return out;
  },
};

function renameTz(window: unknown): unknown {
  if (typeof window !== 'object' || window === null || Array.isArray(window)) return window;
  const { tz, ...rest } = window as Record<string, unknown>;
  return tz === undefined ? rest : { ...rest, timezone: tz };
}
