import { describe, expect, it } from 'vitest';
import { v0ToV1 } from './v0-to-v1.js';

describe('policy/migrations/v0-to-v1', () => {
  it.each`
    before                                                                        | after
    ${{ version: 0, maintenance: [{ name: 'w', tz: 'UTC', cron: '0 1 * * *' }] }} | ${{ version: 1, windows: [{ name: 'w', timezone: 'UTC', cron: '0 1 * * *' }] }}
    ${{ version: 0, maintenance: [{ name: 'w' }], tiers: [] }}                    | ${{ version: 1, windows: [{ name: 'w' }], tiers: [] }}
    ${{ version: 0, tiers: [] }}                                                  | ${{ version: 1, tiers: [] }}
    ${{ version: 0, maintenance: 'odd' }}                                         | ${{ version: 1, windows: 'odd' }}
  `('migrates $before', ({ before, after }) => {
    const copy = structuredClone(before);

    expect(v0ToV1.migrate(before)).toEqual(after);
    expect(before).toEqual(copy);
  });

  it.each`
    path                          | source
    ${['windows', 2, 'timezone']} | ${['maintenance', 2, 'tz']}
    ${['windows', 2, 'duration']} | ${['maintenance', 2, 'duration']}
    ${['windows']}                | ${['maintenance']}
    ${['tiers', 0, 'timezone']}   | ${['tiers', 0, 'timezone']}
  `('maps $path back to $source', ({ path, source }) => {
    expect(v0ToV1.sourcePath(path)).toEqual(source);
  });
});
