import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../domain/access.js';
import type { FixedClock } from '../../domain/clock.js';
import { AppError } from '../../domain/errors.js';
import type { Store } from '../../store/index.js';
import type { AuthenticationFailed } from './errors.js';
import { authFailedMessage } from './errors.js';
import { auditText, cheapParams, identityRig } from './testing.js';
import {
  authenticateToken,
  createToken,
  listTokens,
  parseTokenLifetime,
  revokeToken,
} from './tokens.js';
import { createUser, disableUser } from './users.js';

const actor = 'cli:tester';
const minute = 60_000;
const day = 86_400_000;

describe('app/identity/tokens', () => {
  let store: Store;
  let clock: FixedClock;
  beforeEach(async () => {
    ({ store, clock } = await identityRig());
  });
  afterEach(() => store.close());

  const owner = (name: string, role: string, scope?: Record<string, string>) =>
    createUser(store, {
      name,
      role: role as 'viewer',
      ...(scope && { scope }),
      password: 'correct horse battery',
      actor,
      passwordParams: cheapParams,
    });

  // A token may narrow its owner, never exceed them.
  it.each`
    ownerRole     | ownerScope                    | role          | scope                         | outcome
    ${'admin'}    | ${undefined}                  | ${undefined}  | ${undefined}                  | ${'admin *'}
    ${'admin'}    | ${undefined}                  | ${'viewer'}   | ${{ env: 'prod' }}            | ${'viewer env=prod'}
    ${'operator'} | ${undefined}                  | ${'viewer'}   | ${undefined}                  | ${'viewer *'}
    ${'operator'} | ${undefined}                  | ${'operator'} | ${undefined}                  | ${'operator *'}
    ${'operator'} | ${undefined}                  | ${'approver'} | ${undefined}                  | ${'FORBIDDEN'}
    ${'operator'} | ${undefined}                  | ${'admin'}    | ${undefined}                  | ${'FORBIDDEN'}
    ${'approver'} | ${undefined}                  | ${'operator'} | ${undefined}                  | ${'FORBIDDEN'}
    ${'viewer'}   | ${undefined}                  | ${'operator'} | ${undefined}                  | ${'FORBIDDEN'}
    ${'viewer'}   | ${{ env: 'prod' }}            | ${undefined}  | ${undefined}                  | ${'viewer env=prod'}
    ${'viewer'}   | ${{ env: 'prod' }}            | ${undefined}  | ${{ env: 'prod', team: 'a' }} | ${'viewer env=prod,team=a'}
    ${'viewer'}   | ${{ env: 'prod' }}            | ${undefined}  | ${{ env: 'test' }}            | ${'FORBIDDEN'}
    ${'viewer'}   | ${{ env: 'prod' }}            | ${undefined}  | ${{ team: 'a' }}              | ${'FORBIDDEN'}
    ${'viewer'}   | ${{ env: 'prod', team: 'a' }} | ${undefined}  | ${{ env: 'prod' }}            | ${'FORBIDDEN'}
    ${'viewer'}   | ${undefined}                  | ${'root'}     | ${undefined}                  | ${'INPUT_INVALID'}
  `(
    '$ownerRole $ownerScope asks $role $scope: $outcome',
    async ({ ownerRole, ownerScope, role, scope, outcome }) => {
      await owner('olga', ownerRole, ownerScope);

      const made = createToken(store, clock, {
        user: 'olga',
        name: 'ci',
        ...(role && { role }),
        ...(scope && { scope }),
        actor,
      }).then(
        async (t) => {
          const p = await authenticateToken(store, t.secret, clock.now());
          const s = p.scope
            ? Object.entries(p.scope)
                .map(([k, v]) => `${k}=${v}`)
                .join(',')
            : '*';
          return `${p.role} ${s}`;
        },
        (e: { code: string }) => e.code,
      );

      expect(await made).toBe(outcome);
    },
  );

  it('authenticates into the owner with the token’s role, scope and id', async () => {
    const u = await owner('pat', 'admin');
    const t = await createToken(store, clock, {
      user: 'pat',
      name: 'ci',
      role: 'operator',
      scope: { env: 'prod' },
      actor,
    });

    const p = await authenticateToken(store, t.secret, clock.now());

    expect(t.secret).toMatch(/^plt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(t.secret.slice(4, 20)).toBe(t.token.id);
    expect(p).toEqual({
      kind: 'user',
      id: u.id,
      name: 'pat',
      role: 'operator',
      scope: { env: 'prod' },
      tokenId: t.token.id,
    });
  });

  it('expires at the default 90 days, exactly, on a fixed clock', async () => {
    await owner('quinn', 'viewer');
    const t = await createToken(store, clock, { user: 'quinn', name: 'ci', actor });

    clock.advance(90 * day - 1);
    const before = await authenticateToken(store, t.secret, clock.now());
    clock.advance(1);
    const after = await authenticateToken(store, t.secret, clock.now()).catch((e: unknown) => e);

    expect(t.token.expiresAt).toBe('2027-03-08T10:00:00.000Z');
    expect(before.tokenId).toBe(t.token.id);
    expect(after).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'expired',
      message: authFailedMessage,
    });
    expect((await listTokens(store, clock))[0]?.state).toBe('expired');
  });

  it.each`
    lifetime  | code
    ${'1d'}   | ${undefined}
    ${'52w'}  | ${undefined}
    ${'365d'} | ${undefined}
    ${'366d'} | ${'INPUT_INVALID'}
    ${'0d'}   | ${'INPUT_INVALID'}
  `('a lifetime of $lifetime: $code', async ({ lifetime, code }) => {
    await owner('rae', 'viewer');

    const made = createToken(store, clock, {
      user: 'rae',
      name: 'ci',
      lifetimeMs: parseTokenLifetime(lifetime),
      actor,
    });

    if (code === undefined) await expect(made).resolves.toBeDefined();
    else await expect(made).rejects.toMatchObject({ code });
  });

  it.each(['90', 'forever', '1y', '-1d', ''])('refuses the lifetime text %j', (text) => {
    expect(() => parseTokenLifetime(text)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });

  it('fails with one message for every reason, the reason kept for logs', async () => {
    await owner('sam', 'viewer');
    await owner('tess', 'viewer');
    const good = await createToken(store, clock, { user: 'sam', name: 'a', actor });
    const revoked = await createToken(store, clock, { user: 'sam', name: 'b', actor });
    const disabled = await createToken(store, clock, { user: 'tess', name: 'c', actor });
    await revokeToken(store, clock, { id: revoked.token.id, actor });
    await disableUser(store, clock, { name: 'tess', actor });
    const wrong = `${good.secret.slice(0, 21)}${'A'.repeat(43)}`;
    const unknown = `plt_${'0'.repeat(16)}_${'A'.repeat(43)}`;

    const errors = await Promise.all(
      [wrong, unknown, revoked.secret, disabled.secret, 'plt_junk', ''].map((s) =>
        authenticateToken(store, s, clock.now()).then(
          () => {
            throw new Error('authenticated');
          },
          (e: unknown) => e as AuthenticationFailed,
        ),
      ),
    );

    expect(errors.map((e) => e.reason)).toEqual([
      'bad-secret',
      'unknown',
      'revoked',
      'revoked',
      'malformed',
      'malformed',
    ]);
    expect(new Set(errors.map((e) => `${e.code} ${e.message}`))).toEqual(
      new Set([`UNAUTHENTICATED ${authFailedMessage}`]),
    );
    expect(errors.every((e) => e.details?.['reason'] === e.reason)).toBe(true);
  });

  it('writes last-used at most once a minute', async () => {
    await owner('uma', 'viewer');
    const t = await createToken(store, clock, { user: 'uma', name: 'ci', actor });
    const seen: (string | null)[] = [];

    for (const step of [0, 20_000, 39_999, 1, 30_000, 30_000]) {
      clock.advance(step);
      await authenticateToken(store, t.secret, clock.now());
      seen.push((await store.tokens.get(t.token.id))!.lastUsedAt);
    }

    expect(seen).toEqual([
      '2026-12-08T10:00:00.000Z',
      '2026-12-08T10:00:00.000Z',
      '2026-12-08T10:00:00.000Z',
      '2026-12-08T10:01:00.000Z',
      '2026-12-08T10:01:00.000Z',
      '2026-12-08T10:02:00.000Z',
    ]);
  });

  it('authenticates on a store that cannot write the last use, and fails on other errors', async () => {
    await owner('ulla', 'viewer');
    const t = await createToken(store, clock, { user: 'ulla', name: 'ci', actor });
    const failing = (code: 'STORE_READ_ONLY' | 'STORE_BUSY' | 'STORE_FAILED'): Store => ({
      ...store,
      tokens: { ...store.tokens, touch: () => Promise.reject(new AppError(code, 'no')) },
    });

    const readOnly = await authenticateToken(failing('STORE_READ_ONLY'), t.secret, clock.now());
    const busy = await authenticateToken(failing('STORE_BUSY'), t.secret, clock.now());
    const broken = authenticateToken(failing('STORE_FAILED'), t.secret, clock.now());

    expect([readOnly.tokenId, busy.tokenId]).toEqual([t.token.id, t.token.id]);
    await expect(broken).rejects.toMatchObject({ code: 'STORE_FAILED' });
  });

  it('revokes once and lists every token without its secret or hash', async () => {
    await owner('vic', 'admin');
    await owner('wes', 'viewer');
    const a = await createToken(store, clock, { user: 'vic', name: 'deploy', actor });
    clock.advance(minute);
    const b = await createToken(store, clock, { user: 'wes', name: 'read', actor });

    const first = await revokeToken(store, clock, { id: a.token.id, actor });
    const again = await revokeToken(store, clock, { id: a.token.id, actor });
    const all = await listTokens(store, clock);
    const wes = await listTokens(store, clock, { user: 'WES' });

    expect([first.changed, again.changed]).toEqual([true, false]);
    expect(all.map((t) => [t.name, t.userName, t.state])).toEqual([
      ['read', 'wes', 'active'],
      ['deploy', 'vic', 'revoked'],
    ]);
    expect(wes.map((t) => t.id)).toEqual([b.token.id]);
    const listed = JSON.stringify(all);
    const audit = await auditText(store);
    for (const secret of [a.secret, b.secret, a.secret.slice(21), b.secret.slice(21)]) {
      expect(listed).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    const hash = (await store.tokens.get(a.token.id))!.secretHash;
    expect(listed).not.toContain(hash);
    expect(audit).not.toContain(hash);
    await expect(revokeToken(store, clock, { id: 'nope', actor })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('lets a non-admin principal make and revoke only its own tokens, within the token in use', async () => {
    const op = await owner('xena', 'operator');
    await owner('yuri', 'viewer');
    const yours = await createToken(store, clock, { user: 'yuri', name: 'y', actor });
    const viaToken: Principal = {
      kind: 'user',
      id: op.id,
      name: 'xena',
      role: 'viewer',
      tokenId: 'x',
    };
    const direct: Principal = { kind: 'user', id: op.id, name: 'xena', role: 'operator' };

    const own = await createToken(store, clock, {
      user: 'xena',
      name: 'mine',
      role: 'viewer',
      by: viaToken,
      actor,
    });
    const wider = createToken(store, clock, {
      user: 'xena',
      name: 'wide',
      role: 'operator',
      by: viaToken,
      actor,
    });
    const other = createToken(store, clock, { user: 'yuri', name: 'theirs', by: direct, actor });
    const revokeOther = revokeToken(store, clock, { id: yours.token.id, by: direct, actor });

    expect(own.token.role).toBe('viewer');
    await expect(wider).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(other).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(revokeOther).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      revokeToken(store, clock, { id: own.token.id, by: direct, actor }),
    ).resolves.toMatchObject({ changed: true });
  });

  it('refuses a token for a disabled or unknown user', async () => {
    await owner('zed', 'viewer');
    await disableUser(store, clock, { name: 'zed', actor });

    await expect(
      createToken(store, clock, { user: 'zed', name: 'ci', actor }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      createToken(store, clock, { user: 'nobody', name: 'ci', actor }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a token whose owner was narrowed behind the use cases’ back', async () => {
    const u = await owner('amy', 'admin');
    const t = await createToken(store, clock, { user: 'amy', name: 'ci', actor });
    await store.users.update(u.id, { role: 'viewer' });

    await expect(authenticateToken(store, t.secret, clock.now())).rejects.toMatchObject({
      reason: 'exceeds-owner',
    });
  });
});
