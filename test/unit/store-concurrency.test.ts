import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.js';
import { openStore } from '../../src/store/index.js';
import { runConcurrentWriters } from '../store-concurrency.js';

describe('store under concurrent writers (SQLite, separate processes)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('lets four processes import into one file: all finish, nothing lost or doubled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchline-conc-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    await (await openStore(file, fixedClock('2026-11-27T12:00:00Z'))).close();

    await runConcurrentWriters(file, { rounds: 12 });
  }, 120_000);
});
