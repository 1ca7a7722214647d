import { describe, expect, it } from 'vitest';
import {
  checkPasswordRules,
  defaultPasswordParams,
  hashPassword,
  needsRehash,
  passwordParamsOf,
  verifyPasswordHash,
} from './password.js';
import { cheapParams } from './testing.js';

describe('app/identity/password', () => {
  it.each`
    password                   | name               | problem
    ${'short-pw'}              | ${'alice'}         | ${/at least 12 characters \(this one has 8\)/}
    ${'ééééééééééé'}           | ${'alice'}         | ${/at least 12 characters \(this one has 11\)/}
    ${'x'.repeat(1025)}        | ${'alice'}         | ${/at most 1024/}
    ${'Administrator'}         | ${'administrator'} | ${/may not be the user name/}
    ${'correct horse battery'} | ${'alice'}         | ${undefined}
    ${'ÿÿÿÿÿÿÿÿÿÿÿÿ'}          | ${'alice'}         | ${undefined}
  `('$password for $name: $problem', ({ password, name, problem }) => {
    const check = () => checkPasswordRules(password as string, name as string);

    if (problem === undefined) expect(check).not.toThrow();
    else {
      expect(check).toThrow(
        expect.objectContaining({
          code: 'INPUT_INVALID',
          message: expect.stringMatching(problem as RegExp),
        }),
      );
    }
  });

  it('never puts the password in the refusal', () => {
    let message = '';
    try {
      checkPasswordRules('hunter2');
    } catch (e) {
      message = (e as Error).message;
    }

    expect(message).toContain('at least 12');
    expect(message).not.toContain('hunter2');
  });

  it('encodes its parameters and a per-user salt, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', cheapParams);
    const b = await hashPassword('correct horse battery', cheapParams);

    expect(a).toMatch(/^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPasswordHash('correct horse battery', a)).toBe(true);
    expect(await verifyPasswordHash('correct horse batterY', a)).toBe(false);
    expect(passwordParamsOf(a)).toEqual(cheapParams);
  });

  it('treats composed and decomposed accents as one password', async () => {
    const h = await hashPassword('caf\u00e9 au lait!!', cheapParams);

    expect(await verifyPasswordHash('cafe\u0301 au lait!!', h)).toBe(true);
  });

  it.each`
    hash
    ${''}
    ${'plain'}
    ${'$scrypt$ln=40,r=8,p=1$AAAA$AAAA'}
    ${'$scrypt$ln=0,r=8,p=1$AAAA$AAAA'}
    ${'$argon2id$v=19$m=65536,t=3,p=4$AAAA$AAAA'}
  `('never matches the malformed hash "$hash"', async ({ hash }) => {
    expect(await verifyPasswordHash('correct horse battery', hash as string)).toBe(false);
  });

  it('asks for a rehash when the parameters differ from the current ones', async () => {
    const cheap = await hashPassword('correct horse battery', cheapParams);

    expect(needsRehash(cheap, cheapParams)).toBe(false);
    expect(needsRehash(cheap, { ...cheapParams, ln: 5 })).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('hashes at the default cost (N = 2^15, r = 8: 32 MiB) without hitting Node’s memory cap', async () => {
    const h = await hashPassword('correct horse battery', defaultPasswordParams);

    expect(h.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    expect(await verifyPasswordHash('correct horse battery', h)).toBe(true);
  });
});
