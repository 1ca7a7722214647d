import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runAuditTamperSuite, type TamperHarness } from './audit-tamper.js';

async function openSqlite(clock: FixedClock): Promise<TamperHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-audit-'));
  const file = join(dir, 'audit.db');
  const store = await openStore(file, clock);
  const raw = new BetterSqlite3(file);
  return {
    store,
    exec: async (statement) => {
      await Promise.resolve();
      raw.exec(statement);
    },
    dropGuards: async () => {
      await Promise.resolve();
      raw.exec('drop trigger audit_events_no_update; drop trigger audit_events_no_delete');
    },
    close: async () => {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('store/audit on SQLite', () => {
  runAuditTamperSuite(openSqlite);
});
