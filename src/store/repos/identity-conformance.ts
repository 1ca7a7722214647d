import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import type { Store } from '../types.js';

export interface IdentityStoreHarness {
  readonly store: Store;
  readonly clock: FixedClock;
  close(): Promise<void>;
}

const user = (name: string, role: 'viewer' | 'admin' = 'viewer') => ({
  name,
  role,
  scope: null,
  passwordHash: '$scrypt$ln=1,r=1,p=1$AA$AA',
});

/** The users, tokens and sessions repositories' contract, run against SQLite and PostgreSQL alike. */
export function runIdentityStoreConformance(
  open: (clock: FixedClock) => Promise<IdentityStoreHarness>,
): void {
  let h: IdentityStoreHarness;
  beforeEach(async () => {
    h = await open(fixedClock('2026-12-08T10:00:00.000Z'));
  });
  afterEach(async () => {
    await h.close();
  });

  it('keeps user names unique whatever their case, and finds them in any case', async () => {
    const alice = await h.store.users.create({ ...user('Alice'), scope: { env: 'prod' } });

    const again = h.store.users.create(user('alice'));

    await expect(again).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.store.users.findByName('ALICE')).toEqual(alice);
    expect(alice).toMatchObject({
      scope: { env: 'prod' },
      createdAt: '2026-12-08T10:00:00.000Z',
      disabledAt: null,
    });
    expect(await h.store.users.count()).toBe(1);
  });

  it('lets one of two concurrent creations of a name win, the other CONFLICT', async () => {
    const results = await Promise.allSettled([
      h.store.users.create(user('frank')),
      h.store.users.create(user('FRANK')),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await h.store.users.count()).toBe(1);
  });

  it('updates only the fields given and lists users by name', async () => {
    const b = await h.store.users.create(user('bob'));
    await h.store.users.create(user('Carol'));
    await h.store.users.create(user('adam'));
    h.clock.advance(1000);

    const updated = await h.store.users.update(b.id, { role: 'admin', scope: { team: 'web' } });
    const cleared = await h.store.users.update(b.id, {
      scope: null,
      disabledAt: '2026-12-08T11:00:00.000Z',
    });

    expect(updated).toMatchObject({
      role: 'admin',
      scope: { team: 'web' },
      passwordHash: b.passwordHash,
      updatedAt: '2026-12-08T10:00:01.000Z',
    });
    expect(cleared).toMatchObject({
      role: 'admin',
      scope: null,
      disabledAt: '2026-12-08T11:00:00.000Z',
    });
    expect((await h.store.users.list()).map((u) => u.name)).toEqual(['adam', 'bob', 'Carol']);
    await expect(h.store.users.update('nobody', { role: 'viewer' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('stores tokens, writes last-used only when older than the cut-off, and revokes once', async () => {
    const u = await h.store.users.create(user('dana'));
    const input = {
      userId: u.id,
      name: 'ci',
      role: 'viewer' as const,
      scope: { env: 'test' },
      secretHash: 'ab'.repeat(32),
      expiresAt: '2027-03-08T10:00:00.000Z',
    };
    const t = await h.store.tokens.create({ id: '0123456789abcdef', ...input });
    h.clock.advance(1000);
    await h.store.tokens.create({ id: 'fedcba9876543210', ...input, name: 'other' });

    const first = await h.store.tokens.touch(
      t.id,
      '2026-12-08T10:05:00.000Z',
      '2026-12-08T10:04:00.001Z',
    );
    const soon = await h.store.tokens.touch(
      t.id,
      '2026-12-08T10:05:30.000Z',
      '2026-12-08T10:04:30.001Z',
    );
    const later = await h.store.tokens.touch(
      t.id,
      '2026-12-08T10:06:00.000Z',
      '2026-12-08T10:05:00.001Z',
    );
    const revoked = await h.store.tokens.revoke(
      [t.id, 'nosuchtoken00000'],
      '2026-12-08T11:00:00.000Z',
    );
    const twice = await h.store.tokens.revoke([t.id], '2026-12-08T12:00:00.000Z');

    expect([first, soon, later]).toEqual([true, false, true]);
    expect([revoked, twice]).toEqual([[t.id], []]);
    expect(await h.store.tokens.get(t.id)).toEqual({
      ...t,
      lastUsedAt: '2026-12-08T10:06:00.000Z',
      revokedAt: '2026-12-08T11:00:00.000Z',
    });
    expect((await h.store.tokens.list({ userId: u.id })).map((x) => x.name)).toEqual([
      'other',
      'ci',
    ]);
    expect(await h.store.tokens.list({ userId: 'nobody' })).toEqual([]);
  });

  it('finds sessions by their hash, slides last-seen, ends and purges them', async () => {
    const u = await h.store.users.create(user('erin'));
    const s = await h.store.sessions.create({
      secretHash: 'cd'.repeat(32),
      userId: u.id,
      csrfToken: 'csrf',
      expiresAt: '2026-12-08T22:00:00.000Z',
    });
    const other = await h.store.sessions.create({
      secretHash: 'ef'.repeat(32),
      userId: u.id,
      csrfToken: 'csrf2',
      expiresAt: '2026-12-08T22:00:00.000Z',
    });

    const early = await h.store.sessions.touch(
      s.id,
      '2026-12-08T10:00:30.000Z',
      '2026-12-08T09:59:30.001Z',
    );
    const late = await h.store.sessions.touch(
      s.id,
      '2026-12-08T10:01:00.000Z',
      '2026-12-08T10:00:00.001Z',
    );
    const ended = await h.store.sessions.end(s.id, '2026-12-08T10:02:00.000Z');
    const endedTwice = await h.store.sessions.end(s.id, '2026-12-08T10:03:00.000Z');
    const forUser = await h.store.sessions.endForUser(u.id, '2026-12-08T10:04:00.000Z');

    expect([early, late, ended, endedTwice, forUser]).toEqual([false, true, true, false, 1]);
    expect(await h.store.sessions.findBySecretHash('cd'.repeat(32))).toEqual({
      ...s,
      lastSeenAt: '2026-12-08T10:01:00.000Z',
      endedAt: '2026-12-08T10:02:00.000Z',
    });
    expect(await h.store.sessions.findBySecretHash('00'.repeat(32))).toBeUndefined();
    expect(await h.store.sessions.purge('2026-12-08T10:03:00.000Z')).toBe(1);
    expect(await h.store.sessions.findBySecretHash('ef'.repeat(32))).toMatchObject({
      id: other.id,
    });
    expect(await h.store.sessions.purge('2026-12-09T00:00:00.000Z')).toBe(1);
  });
}
