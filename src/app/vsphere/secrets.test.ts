import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, loadSecretKey } from './secrets.js';

describe('app/vsphere/secrets', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'patchline-key-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('round-trips a password and never stores it in clear', () => {
    const key = randomBytes(32);

    const blob = encryptSecret(key, 's3cret!', 'vsphere:lab');

    expect(blob).toMatch(/^v1:/);
    expect(blob).not.toContain('s3cret');
    expect(decryptSecret(key, blob, 'vsphere:lab')).toBe('s3cret!');
    expect(encryptSecret(key, 's3cret!', 'vsphere:lab')).not.toBe(blob);
  });

  it.each`
    case                | key                | context
    ${'another key'}    | ${randomBytes(32)} | ${'vsphere:lab'}
    ${'another record'} | ${undefined}       | ${'vsphere:prod'}
  `('refuses to decrypt with $case', ({ key, context }) => {
    const k = randomBytes(32);
    const blob = encryptSecret(k, 'pw', 'vsphere:lab');

    expect(() => decryptSecret(key ?? k, blob, context)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('creates the key file 0600 on first use and reuses it', () => {
    const cwd = tmp();

    const first = loadSecretKey({}, join(cwd, 'var/secret.key'), { storedSecrets: 0 });
    const second = loadSecretKey({}, join(cwd, 'var/secret.key'), { storedSecrets: 0 });

    expect(first).toEqual(second);
    expect(first).toHaveLength(32);
    expect(statSync(join(cwd, 'var/secret.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cwd, 'var/secret.key'), 'utf8').trim()).toBe(first.toString('base64'));
  });

  it.each`
    value                                 | ok
    ${'ab'.repeat(32)}                    | ${true}
    ${randomBytes(32).toString('base64')} | ${true}
    ${'short'}                            | ${false}
  `(
    'takes PATCHLINE_SECRET_KEY=$value (ok: $ok) without touching the key file',
    ({ value, ok }) => {
      const cwd = tmp();
      const load = (): Buffer =>
        loadSecretKey({ PATCHLINE_SECRET_KEY: value }, join(cwd, 'var/secret.key'), {
          storedSecrets: 3,
        });

      if (ok) expect(load()).toHaveLength(32);
      else expect(load).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
      expect(() => statSync(join(cwd, 'var/secret.key'))).toThrow();
    },
  );

  it('refuses to create a key while secrets are stored, naming the file and the variable', () => {
    const file = join(tmp(), 'secret.key');

    expect(() => loadSecretKey({}, file, { storedSecrets: 2 })).toThrow(
      expect.objectContaining({
        code: 'SECRET_KEY_UNAVAILABLE',
        message: expect.stringMatching(
          /holds 2 encrypted secret.*restore .*secret\.key.*PATCHLINE_SECRET_KEY/,
        ),
      }),
    );
    expect(() => statSync(file)).toThrow();
  });

  it.each([0o640, 0o604, 0o644])('refuses a key file with mode %o, saying chmod 600', (mode) => {
    const file = join(tmp(), 'secret.key');
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`);
    chmodSync(file, mode);

    expect(() => loadSecretKey({}, file, { storedSecrets: 0 })).toThrow(
      expect.objectContaining({
        code: 'SECRET_KEY_UNAVAILABLE',
        message: expect.stringContaining(`chmod 600 ${file}`),
      }),
    );
  });
});
