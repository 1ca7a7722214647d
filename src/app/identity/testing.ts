import { fixedClock, type FixedClock } from '../../domain/clock.js';
import { openStore, type Store } from '../../store/index.js';
import type { PasswordParams } from './password.js';

/** scrypt at N = 2^4: fast enough for tables of logins, same code path as the real cost. */
export const cheapParams: PasswordParams = { ln: 4, r: 8, p: 1 };

export const identityTestNow = '2026-12-08T10:00:00.000Z';

/** An in-memory store on a fixed clock shared with the use cases. */
export async function identityRig(): Promise<{ store: Store; clock: FixedClock }> {
  const clock = fixedClock(identityTestNow);
  return { store: await openStore(':memory:', clock), clock };
}

/** Every audit event's details as one JSON text, to search for leaked secrets. */
export async function auditText(store: Store): Promise<string> {
  return JSON.stringify(await store.audit.list({ limit: 1000 }));
}
