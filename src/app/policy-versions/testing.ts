import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, type Principal } from '../../domain/access.js';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import { openStore, type Store } from '../../store/index.js';

/** A SQLite store in a fresh folder, with its clock; `close` removes both. */
export async function tempStore(
  at = '2026-12-07T10:00:00.000Z',
): Promise<{ store: Store; clock: FixedClock; dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-policyver-'));
  const clock = fixedClock(at);
  const store = await openStore(join(dir, 'test.db'), clock);
  return {
    store,
    clock,
    dir,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A user principal with `role` (default approver). */
export function person(name: string, role: Role = Role.Approver): Principal {
  return { kind: 'user', id: `u-${name}`, name, role };
}
