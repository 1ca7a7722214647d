import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { storedModuleStreamCases } from './module-streams-store-cases.js';
import { openStore } from './open-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('app/module-streams on a SQLite store', () => {
  storedModuleStreamCases(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchline-modules-'));
    dirs.push(dir);
    return openStore(join(dir, 'p.db'), fixedClock('2026-12-07T09:00:00Z'));
  });
});
