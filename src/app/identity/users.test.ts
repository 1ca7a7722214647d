import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';
import { AuthenticationFailed, authFailedMessage } from './errors.js';
import { passwordParamsOf } from './password.js';
import { auditText, cheapParams, identityRig } from './testing.js';
import { authenticateToken, createToken } from './tokens.js';
import {
  createUser,
  disableUser,
  listUsers,
  setAccess,
  setPassword,
  setRole,
  setScope,
  verifyPassword,
} from './users.js';

const pw = 'correct horse battery staple';
const actor = 'cli:tester';

describe('app/identity/users', () => {
  let store: Store;
  let clock: FixedClock;
  beforeEach(async () => {
    ({ store, clock } = await identityRig());
  });
  afterEach(() => store.close());

  const add = (
    name: string,
    role: 'viewer' | 'operator' | 'approver' | 'admin' = 'operator',
    scope?: Record<string, string>,
  ) =>
    createUser(store, {
      name,
      role,
      ...(scope && { scope }),
      password: pw,
      actor,
      passwordParams: cheapParams,
    });

  it('creates users, lists them without hashes, and audits without the password', async () => {
    const alice = await add('Alice', 'admin');
    await add('bob', 'viewer', { env: 'prod' });

    const users = await listUsers(store);

    expect(users).toEqual([
      {
        id: alice.id,
        name: 'Alice',
        role: 'admin',
        createdAt: '2026-12-08T10:00:00.000Z',
        disabledAt: null,
      },
      expect.objectContaining({ name: 'bob', role: 'viewer', scope: { env: 'prod' } }),
    ]);
    expect(JSON.stringify(users)).not.toContain('scrypt');
    const audit = await auditText(store);
    expect(audit).toContain('"action":"user.create"');
    expect(audit).not.toContain(pw);
    expect(audit).not.toContain('scrypt');
  });

  it.each`
    name              | role        | password                   | code
    ${'alice'}        | ${'viewer'} | ${pw}                      | ${undefined}
    ${'a.b_c-d@corp'} | ${'viewer'} | ${pw}                      | ${undefined}
    ${''}             | ${'viewer'} | ${pw}                      | ${'INPUT_INVALID'}
    ${'-lead'}        | ${'viewer'} | ${pw}                      | ${'INPUT_INVALID'}
    ${'has space'}    | ${'viewer'} | ${pw}                      | ${'INPUT_INVALID'}
    ${'x'.repeat(65)} | ${'viewer'} | ${pw}                      | ${'INPUT_INVALID'}
    ${'alice'}        | ${'root'}   | ${pw}                      | ${'INPUT_INVALID'}
    ${'alice'}        | ${'viewer'} | ${'tooshort'}              | ${'INPUT_INVALID'}
    ${'alice'}        | ${'viewer'} | ${'alice'.padEnd(12, 'e')} | ${undefined}
  `('createUser $name $role: $code', async ({ name, role, password, code }) => {
    const made = createUser(store, { name, role, password, actor, passwordParams: cheapParams });

    if (code === undefined) await expect(made).resolves.toMatchObject({ name });
    else await expect(made).rejects.toMatchObject({ code });
  });

  it('refuses a name taken in another case', async () => {
    await add('Alice');

    await expect(add('ALICE')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('verifies a password into a principal, and fails every other way with one message', async () => {
    const carol = await add('carol', 'approver', { team: 'web' });
    await add('dave');
    await disableUser(store, clock, { name: 'dave', actor });

    const ok = await verifyPassword(store, 'CAROL', pw, { passwordParams: cheapParams });
    const failures = await Promise.all(
      [
        ['carol', 'wrong password!!'],
        ['nobody', pw],
        ['not a name!', pw],
        ['dave', pw],
      ].map(([n, p]) =>
        verifyPassword(store, n!, p!, { passwordParams: cheapParams }).catch((e: unknown) => e),
      ),
    );

    expect(ok).toEqual({
      kind: 'user',
      id: carol.id,
      name: 'carol',
      role: 'approver',
      scope: { team: 'web' },
    });
    expect(failures.map((e) => e instanceof AuthenticationFailed && e.reason)).toEqual([
      'bad-password',
      'unknown',
      'unknown',
      'disabled',
    ]);
    expect(
      new Set(failures.map((e) => [(e as AuthenticationFailed).code, (e as Error).message].join())),
    ).toEqual(new Set([`UNAUTHENTICATED,${authFailedMessage}`]));
  });

  it('rehashes at login when the parameters changed, once', async () => {
    const old = { ...cheapParams, ln: 3 };
    await createUser(store, {
      name: 'erin',
      role: 'viewer',
      password: pw,
      actor,
      passwordParams: old,
    });

    await verifyPassword(store, 'erin', pw, { passwordParams: cheapParams });
    await verifyPassword(store, 'erin', pw, { passwordParams: cheapParams });

    const stored = await store.users.findByName('erin');
    expect(passwordParamsOf(stored!.passwordHash)).toEqual(cheapParams);
    expect((await store.audit.list()).filter((e) => e.action === 'user.rehash')).toHaveLength(1);
    await expect(
      verifyPassword(store, 'erin', pw, { passwordParams: cheapParams }),
    ).resolves.toMatchObject({ name: 'erin' });
  });

  it('sets a new password, ends sessions, and keeps the rules', async () => {
    await add('fay');

    await setPassword(store, clock, {
      name: 'fay',
      password: 'a brand new passphrase',
      actor,
      passwordParams: cheapParams,
    });

    await expect(
      verifyPassword(store, 'fay', pw, { passwordParams: cheapParams }),
    ).rejects.toBeInstanceOf(AuthenticationFailed);
    await expect(
      verifyPassword(store, 'fay', 'a brand new passphrase', { passwordParams: cheapParams }),
    ).resolves.toMatchObject({ name: 'fay' });
    await expect(
      setPassword(store, clock, { name: 'fay', password: 'short', actor }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(await auditText(store)).not.toContain('brand new');
  });

  // Role narrowing: the owner's change revokes exactly the tokens that would now exceed them.
  it.each`
    from          | fromScope          | tokenRole     | tokenScope                    | to            | toScope            | revoked
    ${'admin'}    | ${undefined}       | ${'operator'} | ${undefined}                  | ${'operator'} | ${undefined}       | ${false}
    ${'admin'}    | ${undefined}       | ${'approver'} | ${undefined}                  | ${'operator'} | ${undefined}       | ${true}
    ${'operator'} | ${undefined}       | ${'viewer'}   | ${undefined}                  | ${'approver'} | ${undefined}       | ${false}
    ${'operator'} | ${undefined}       | ${'operator'} | ${undefined}                  | ${'viewer'}   | ${undefined}       | ${true}
    ${'viewer'}   | ${undefined}       | ${'viewer'}   | ${undefined}                  | ${'viewer'}   | ${{ env: 'prod' }} | ${true}
    ${'viewer'}   | ${undefined}       | ${'viewer'}   | ${{ env: 'prod', team: 'a' }} | ${'viewer'}   | ${{ env: 'prod' }} | ${false}
    ${'viewer'}   | ${undefined}       | ${'viewer'}   | ${{ env: 'test' }}            | ${'viewer'}   | ${{ env: 'prod' }} | ${true}
    ${'viewer'}   | ${{ env: 'prod' }} | ${'viewer'}   | ${{ env: 'prod' }}            | ${'viewer'}   | ${null}            | ${false}
  `(
    '$from $fromScope → $to $toScope: a $tokenRole $tokenScope token revoked $revoked',
    async ({ from, fromScope, tokenRole, tokenScope, to, toScope, revoked }) => {
      await add('gail', from, fromScope);
      const t = await createToken(store, clock, {
        user: 'gail',
        name: 'ci',
        role: tokenRole,
        ...(tokenScope && { scope: tokenScope }),
        actor,
      });

      const change = await setAccess(store, clock, {
        name: 'gail',
        role: to,
        scope: toScope ?? null,
        actor,
      });

      expect(change.revokedTokens).toEqual(revoked ? [t.token.id] : []);
      const auth = authenticateToken(store, t.secret, clock.now());
      if (revoked) await expect(auth).rejects.toMatchObject({ reason: 'revoked' });
      else await expect(auth).resolves.toMatchObject({ role: tokenRole, tokenId: t.token.id });
    },
  );

  it('changes role and scope separately, and writes nothing when nothing changes', async () => {
    await add('hank', 'viewer');
    const before = (await store.audit.list()).length;

    const same = await setRole(store, clock, { name: 'HANK', role: 'viewer', actor });
    const role = await setRole(store, clock, { name: 'hank', role: 'operator', actor });
    const scope = await setScope(store, clock, { name: 'hank', scope: { env: 'prod' }, actor });

    expect(same.changed).toBe(false);
    expect(role.user).toMatchObject({ role: 'operator' });
    expect(scope.user).toMatchObject({ role: 'operator', scope: { env: 'prod' } });
    expect((await store.audit.list()).length).toBe(before + 2);
    await expect(
      setRole(store, clock, { name: 'nobody', role: 'viewer', actor }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('disables a user once: tokens revoked, then no login', async () => {
    await add('ivy');
    const t = await createToken(store, clock, { user: 'ivy', name: 'ci', actor });

    const first = await disableUser(store, clock, { name: 'ivy', actor, reason: 'left' });
    const again = await disableUser(store, clock, { name: 'ivy', actor });

    expect(first).toMatchObject({
      changed: true,
      revokedTokens: 1,
      user: { disabledAt: '2026-12-08T10:00:00.000Z' },
    });
    expect(again.changed).toBe(false);
    await expect(authenticateToken(store, t.secret, clock.now())).rejects.toBeInstanceOf(
      AuthenticationFailed,
    );
    await expect(
      verifyPassword(store, 'ivy', pw, { passwordParams: cheapParams }),
    ).rejects.toMatchObject({ reason: 'disabled' });
  });
});
