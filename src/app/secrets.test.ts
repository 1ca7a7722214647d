import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { openStore, type Store } from '../store/index.js';
import { loadKeyForStore, rotateSecrets, secretsStatus, type RotationStep } from './secrets.js';
import { decryptSecret, encryptSecret, readKeyFile } from './vsphere/secrets.js';

const clock = fixedClock('2026-11-27T10:00:00.000Z');
const passwords: Readonly<Record<string, string>> = { lab: 'lab-pw', prod: 'prod-pw' };

describe('app/secrets rotation', () => {
  let dir: string;
  let file: string;
  let keyFile: string;
  let store: Store;

  /** Stores the two connections with passwords sealed under the store's first key. */
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-rotate-'));
    file = join(dir, 'patchline.db');
    keyFile = join(dir, 'secret.key');
    store = await openStore(file, clock);
    const key = await loadKeyForStore({}, keyFile, store);
    const raw = new BetterSqlite3(file);
    const insert = raw.prepare(
      `insert into vsphere_connections (name, url, username, password_ciphertext, tls, created_at)
       values (?, 'https://vc', 'admin', ?, '{"kind":"system"}', '2026-11-27T00:00:00Z')`,
    );
    for (const [name, pw] of Object.entries(passwords)) {
      insert.run(name, encryptSecret(key, pw, `vsphere:${name}`));
    }
    raw.close();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every stored password, decrypted with `key`. */
  async function plain(key: Buffer): Promise<Record<string, string>> {
    const all = await store.secrets.list();
    return Object.fromEntries(all.map((s) => [s.id, decryptSecret(key, s.ciphertext, s.context)]));
  }

  it('re-encrypts every secret with a new 0600 key and removes the old one', async () => {
    const before = readKeyFile(keyFile);
    const ciphertexts = (await store.secrets.list()).map((s) => s.ciphertext);

    const r = await rotateSecrets({}, keyFile, store, { actor: 'cli:t' });

    const after = readKeyFile(keyFile);
    expect(r).toEqual({ rotated: 2 });
    expect(after.equals(before)).toBe(false);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await plain(after)).toEqual(passwords);
    expect((await store.secrets.list()).map((s) => s.ciphertext)).not.toEqual(ciphertexts);
    expect(existsSync(`${keyFile}.old`) || existsSync(`${keyFile}.new`)).toBe(false);
    expect((await store.audit.list())[0]).toMatchObject({
      action: 'secrets.rotate',
      details: { count: 2 },
    });
    expect(await secretsStatus({}, keyFile, store)).toMatchObject({ stored: 2, undecryptable: [] });
  });

  it.each<RotationStep>(['old-saved', 'new-written', 'committed', 'renamed'])(
    'a crash after %s leaves secrets one of the two keys decrypts, and the next load recovers',
    async (crashAt) => {
      const old = readKeyFile(keyFile);
      const crash = rotateSecrets({}, keyFile, store, {
        actor: 'cli:t',
        onStep: (step) => {
          if (step === crashAt) throw new Error(`crash after ${step}`);
        },
      });
      await expect(crash).rejects.toThrow(`crash after ${crashAt}`);

      const candidates = [keyFile, `${keyFile}.new`].filter((f) => existsSync(f)).map(readKeyFile);
      const usable = [];
      for (const k of candidates) {
        try {
          if (JSON.stringify(await plain(k)) === JSON.stringify(passwords)) usable.push(k);
        } catch {
          // this key does not open them
        }
      }
      expect(usable.length).toBeGreaterThan(0);

      const key = await loadKeyForStore({}, keyFile, store);
      expect(await plain(key)).toEqual(passwords);
      expect(existsSync(`${keyFile}.new`)).toBe(false);
      expect(existsSync(`${keyFile}.old`)).toBe(false);
      expect(key.equals(old)).toBe(crashAt === 'old-saved' || crashAt === 'new-written');
    },
  );

  it('a missing key with stored secrets is an error, and no key file appears', async () => {
    rmSync(keyFile);

    await expect(loadKeyForStore({}, keyFile, store)).rejects.toMatchObject({
      code: 'SECRET_KEY_UNAVAILABLE',
    });
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses to rotate a key given in PATCHLINE_SECRET_KEY', async () => {
    const env = { PATCHLINE_SECRET_KEY: readKeyFile(keyFile).toString('base64') };

    await expect(rotateSecrets(env, keyFile, store, { actor: 'cli:t' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect(await plain(readKeyFile(keyFile))).toEqual(passwords);
  });
});
