import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';
import type { AuthenticationFailed } from './errors.js';
import {
  authenticateSession,
  createSession,
  endSession,
  purgeSessions,
  sessionCookieAttributes,
  verifyCsrf,
} from './sessions.js';
import { auditText, cheapParams, identityRig } from './testing.js';
import { createUser, disableUser, setRole, verifyPassword } from './users.js';

const actor = 'cli:tester';
const minute = 60_000;
const pw = 'correct horse battery';

describe('app/identity/sessions', () => {
  let store: Store;
  let clock: FixedClock;
  beforeEach(async () => {
    ({ store, clock } = await identityRig());
    await createUser(store, {
      name: 'alice',
      role: 'operator',
      password: pw,
      actor,
      passwordParams: cheapParams,
    });
  });
  afterEach(() => store.close());

  const login = async () => {
    const principal = await verifyPassword(store, 'alice', pw, { passwordParams: cheapParams });
    return createSession(store, clock, { principal, actor: 'user:alice' });
  };
  const reason = (secret: string) =>
    authenticateSession(store, secret, clock.now()).then(
      () => 'ok',
      (e: AuthenticationFailed) => e.reason,
    );

  it('opens a session whose cookie value and CSRF token are random and kept out of the audit', async () => {
    const a = await login();
    const b = await login();

    const got = await authenticateSession(store, a.secret, clock.now());

    expect(a.secret).toMatch(/^pls_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(got.principal).toMatchObject({ kind: 'user', name: 'alice', role: 'operator' });
    expect(got.principal.tokenId).toBeUndefined();
    expect(got.session).toEqual({ ...a.session });
    expect(a.session).toMatchObject({
      expiresAt: '2026-12-08T22:00:00.000Z',
      idleExpiresAt: '2026-12-08T10:30:00.000Z',
    });
    const audit = await auditText(store);
    expect(audit).toContain('session.create');
    for (const s of [a.secret, a.session.csrfToken]) expect(audit).not.toContain(s);
  });

  // Steps in minutes between requests, and what the last request gets.
  it.each`
    steps                 | outcome
    ${[29]}               | ${'ok'}
    ${[30]}               | ${'idle'}
    ${[29, 29, 29]}       | ${'ok'}
    ${[29, 31]}           | ${'idle'}
    ${Array(24).fill(29)} | ${'ok'}
    ${Array(25).fill(29)} | ${'expired'}
    ${[0.5, 29.9]}        | ${'idle'}
  `('requests after $steps minutes: $outcome', async ({ steps, outcome }) => {
    const s = await login();
    let last = 'ok';

    for (const m of steps as number[]) {
      clock.advance(m * minute);
      last = await reason(s.secret);
    }

    expect(last).toBe(outcome);
  });

  it('checks the CSRF token in constant time, refusing missing, empty and near misses', async () => {
    const { session } = await login();
    const near = `${session.csrfToken.slice(0, -1)}${session.csrfToken.endsWith('A') ? 'B' : 'A'}`;

    expect(verifyCsrf(session, session.csrfToken)).toBe(true);
    expect(
      [undefined, '', near, `${session.csrfToken}x`].map((t) => verifyCsrf(session, t)),
    ).toEqual([false, false, false, false]);
  });

  it('ends a session on logout, once, and on disable or password change', async () => {
    const a = await login();
    const b = await login();

    const out = await endSession(store, clock, { secret: a.secret, actor: 'user:alice' });
    const twice = await endSession(store, clock, { secret: a.secret, actor: 'user:alice' });
    const junk = await endSession(store, clock, { secret: 'nonsense', actor: 'user:alice' });
    const beforeDisable = await reason(b.secret);
    await disableUser(store, clock, { name: 'alice', actor });

    expect([out, twice, junk]).toEqual([true, false, false]);
    expect([await reason(a.secret), beforeDisable, await reason(b.secret)]).toEqual([
      'ended',
      'ok',
      'ended',
    ]);
    expect(await reason('pls_' + 'A'.repeat(43))).toBe('unknown');
    expect(await reason('whatever')).toBe('malformed');
  });

  it('follows the user’s current role', async () => {
    const s = await login();

    await setRole(store, clock, { name: 'alice', role: 'viewer', actor });

    expect((await authenticateSession(store, s.secret, clock.now())).principal.role).toBe('viewer');
  });

  it('purges sessions a day after they ended or expired', async () => {
    const s = await login();
    await endSession(store, clock, { secret: s.secret, actor });
    clock.advance(24 * 60 * minute + 1);

    expect(await purgeSessions(store, clock)).toBe(1);
  });

  it.each`
    tls      | name                          | secure
    ${true}  | ${'__Host-patchline_session'} | ${true}
    ${false} | ${'patchline_session'}        | ${false}
  `('cookie attributes with TLS $tls', ({ tls, name, secure }) => {
    expect(sessionCookieAttributes(tls)).toEqual({
      name,
      secure,
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAgeSeconds: 43_200,
    });
  });
});
