import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';
import { ensureAdmin } from './bootstrap.js';
import { auditText, cheapParams, identityRig } from './testing.js';
import { authenticateToken } from './tokens.js';
import { createUser, listUsers } from './users.js';

describe('app/identity/bootstrap', () => {
  let store: Store;
  let clock: FixedClock;
  beforeEach(async () => {
    ({ store, clock } = await identityRig());
  });
  afterEach(() => store.close());

  it('creates admin and a 24 h admin token on an empty store, then nothing on later starts', async () => {
    const first = await ensureAdmin(store, clock, { passwordParams: cheapParams });
    const second = await ensureAdmin(store, clock, { passwordParams: cheapParams });

    expect(first?.user).toMatchObject({ name: 'admin', role: 'admin' });
    expect(first?.token.token).toMatchObject({
      name: 'bootstrap',
      role: 'admin',
      expiresAt: '2026-12-09T10:00:00.000Z',
    });
    expect(second).toBeUndefined();
    expect((await listUsers(store)).map((u) => u.name)).toEqual(['admin']);
    const p = await authenticateToken(store, first!.token.secret, clock.now());
    expect(p).toMatchObject({ name: 'admin', role: 'admin', tokenId: first!.token.token.id });
    clock.advance(24 * 3_600_000);
    await expect(authenticateToken(store, first!.token.secret, clock.now())).rejects.toMatchObject({
      reason: 'expired',
    });
    const audit = await store.audit.list();
    expect(audit.map((e) => [e.actor, e.action, e.reason])).toEqual([
      ['system:bootstrap', 'token.create', 'bootstrap'],
      ['system:bootstrap', 'user.create', 'bootstrap'],
    ]);
    expect(await auditText(store)).not.toContain(first!.token.secret.slice(21));
  });

  it('does nothing when a user exists already', async () => {
    await createUser(store, {
      name: 'ops',
      role: 'operator',
      password: 'correct horse battery',
      actor: 'cli:x',
      passwordParams: cheapParams,
    });

    expect(await ensureAdmin(store, clock, { passwordParams: cheapParams })).toBeUndefined();
    expect(await store.tokens.list()).toEqual([]);
  });

  it('bootstraps once when two starts race', async () => {
    const both = await Promise.all([
      ensureAdmin(store, clock, { passwordParams: cheapParams }),
      ensureAdmin(store, clock, { passwordParams: cheapParams }),
    ]);

    expect(both.filter((b) => b !== undefined)).toHaveLength(1);
    expect(await store.users.count()).toBe(1);
    expect(await store.tokens.list()).toHaveLength(1);
  });
});
