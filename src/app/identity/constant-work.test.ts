import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';
import * as crypto from './crypto.js';
import * as password from './password.js';
import { cheapParams, identityRig } from './testing.js';
import { authenticateToken, createToken } from './tokens.js';
import { createUser, disableUser, verifyPassword } from './users.js';

// Every failure path must do the work a success does: one scrypt run per password check, one
// constant-time digest comparison per token check. Spies count that work.
vi.mock('./password.js', async (importOriginal) => {
  const actual = await importOriginal<typeof password>();
  return { ...actual, verifyPasswordHash: vi.fn(actual.verifyPasswordHash) };
});
vi.mock('./crypto.js', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, safeEqual: vi.fn(actual.safeEqual) };
});

const pw = 'correct horse battery staple';
const actor = 'cli:tester';

describe('app/identity constant work', () => {
  let store: Store;
  let clock: FixedClock;
  beforeEach(async () => {
    ({ store, clock } = await identityRig());
    await createUser(store, {
      name: 'alice',
      role: 'admin',
      password: pw,
      actor,
      passwordParams: cheapParams,
    });
    await createUser(store, {
      name: 'bob',
      role: 'viewer',
      password: pw,
      actor,
      passwordParams: cheapParams,
    });
    await disableUser(store, clock, { name: 'bob', actor });
    vi.mocked(password.verifyPasswordHash).mockClear();
  });
  afterEach(() => store.close());

  it.each`
    name           | given              | hashParams
    ${'alice'}     | ${pw}              | ${'ln=4'}
    ${'alice'}     | ${'wrong, wrong!'} | ${'ln=4'}
    ${'nobody'}    | ${pw}              | ${'ln=4'}
    ${'bad name!'} | ${pw}              | ${'ln=4'}
    ${'bob'}       | ${pw}              | ${'ln=4'}
  `(
    'password of $name: one scrypt run at the current cost ($hashParams)',
    async ({ name, given, hashParams }) => {
      await verifyPassword(store, name, given, { passwordParams: cheapParams }).catch(
        () => undefined,
      );

      const calls = vi.mocked(password.verifyPasswordHash).mock.calls;
      expect(calls).toHaveLength(1);
      expect(calls[0]![1]).toContain(hashParams);
    },
  );

  it.each`
    what              | secret
    ${'valid'}        | ${'valid'}
    ${'wrong secret'} | ${'wrong'}
    ${'unknown id'}   | ${'plt_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'}
    ${'malformed'}    | ${'Bearer nonsense'}
  `('token $what: one constant-time comparison', async ({ secret }) => {
    const t = await createToken(store, clock, { user: 'alice', name: 'ci', actor });
    const given =
      secret === 'valid'
        ? t.secret
        : secret === 'wrong'
          ? `${t.secret.slice(0, -1)}${t.secret.endsWith('A') ? 'B' : 'A'}`
          : (secret as string);
    vi.mocked(crypto.safeEqual).mockClear();

    await authenticateToken(store, given, clock.now()).catch(() => undefined);

    expect(crypto.safeEqual).toHaveBeenCalledTimes(1);
  });
});
