import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Env } from './config.js';
import type { Store, StoredSecret } from '../store/index.js';
import {
  decryptSecret,
  encryptSecret,
  loadSecretKey,
  newSecretKey,
  readKeyFile,
  syncFolder,
  writeKeyFile,
} from './vsphere/secrets.js';

/** Points of a rotation a test can stop at, as a crash would. */
export type RotationStep = 'old-saved' | 'new-written' | 'committed' | 'renamed';

function decrypts(key: Buffer, s: StoredSecret): boolean {
  try {
    decryptSecret(key, s.ciphertext, s.context);
    return true;
  } catch {
    return false;
  }
}

/**
 * Completes or undoes a rotation that stopped half-way (see `rotateSecrets`): `KEY.new` becomes
 * the key when the stored secrets decrypt with it (the re-encryption committed), else it is
 * dropped; `KEY.old` is dropped once the key decrypts them.
 */
export function finishInterruptedRotation(keyFile: string, secrets: readonly StoredSecret[]): void {
  const pending = `${keyFile}.new`;
  const sample = secrets[0];
  if (existsSync(pending)) {
    if (sample && decrypts(readKeyFile(pending), sample)) {
      renameSync(pending, keyFile);
      syncFolder(dirname(keyFile));
    } else {
      rmSync(pending);
    }
  }
  const old = `${keyFile}.old`;
  if (
    existsSync(old) &&
    existsSync(keyFile) &&
    (!sample || decrypts(readKeyFile(keyFile), sample))
  ) {
    rmSync(old);
  }
}

/** The key for this store's secrets (`loadSecretKey`), after finishing an interrupted rotation. */
export async function loadKeyForStore(env: Env, keyFile: string, store: Store): Promise<Buffer> {
  const secrets = await store.secrets.list();
  const fromEnv = env.PATCHLINE_SECRET_KEY !== undefined && env.PATCHLINE_SECRET_KEY.trim() !== '';
  if (!fromEnv) finishInterruptedRotation(keyFile, secrets);
  return loadSecretKey(env, keyFile, { storedSecrets: secrets.length });
}

export interface SecretsStatus {
  readonly source: 'PATCHLINE_SECRET_KEY' | 'file';
  readonly keyFile: string;
  readonly stored: number;
  /** `kind:id` of secrets this key cannot decrypt. */
  readonly undecryptable: readonly string[];
}

/** Where the key comes from and whether every stored secret decrypts with it (none printed). */
export async function secretsStatus(
  env: Env,
  keyFile: string,
  store: Store,
): Promise<SecretsStatus> {
  const key = await loadKeyForStore(env, keyFile, store);
  const secrets = await store.secrets.list();
  return {
    source: env.PATCHLINE_SECRET_KEY?.trim() ? 'PATCHLINE_SECRET_KEY' : 'file',
    keyFile,
    stored: secrets.length,
    undecryptable: secrets.filter((s) => !decrypts(key, s)).map((s) => `${s.kind}:${s.id}`),
  };
}

export interface RotateOptions {
  readonly actor: string;
  /** Called after each step; a test throws here to stop the rotation as a crash would. */
  readonly onStep?: (step: RotationStep) => void;
}

/**
 * Re-encrypts every stored secret with a new key, in one transaction:
 * 1. the current key is copied to `KEY.old`; 2. the new key is written to `KEY.new` (both
 * atomically, 0600); 3. the transaction re-encrypts and commits; 4. `KEY.new` is renamed over
 * `KEY`; 5. `KEY.old` is removed. Stopped anywhere, the secrets decrypt with `KEY` (before 3
 * commits, or after 4) or with `KEY.new` (between 3 and 4); the next key load
 * (`finishInterruptedRotation`) tells which by trying one secret, and finishes or undoes the
 * rotation. Refused when the key comes from `PATCHLINE_SECRET_KEY`, which Patchline cannot rewrite.
 */
export async function rotateSecrets(
  env: Env,
  keyFile: string,
  store: Store,
  opts: RotateOptions,
): Promise<{ readonly rotated: number }> {
  if (env.PATCHLINE_SECRET_KEY !== undefined && env.PATCHLINE_SECRET_KEY.trim() !== '') {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      'the key comes from PATCHLINE_SECRET_KEY, which Patchline cannot rewrite: unset it (keep its value as a backup) and put the key in the key file to rotate',
      { location: { record: 'PATCHLINE_SECRET_KEY' } },
    );
  }
  const current = await loadKeyForStore(env, keyFile, store);
  const next = newSecretKey();
  const step = opts.onStep ?? (() => undefined);
  writeKeyFile(`${keyFile}.old`, current);
  step('old-saved');
  writeKeyFile(`${keyFile}.new`, next);
  step('new-written');
  let rotated: number;
  try {
    rotated = await store.transaction(async (tx) => {
      const all = await tx.secrets.list();
      await tx.secrets.replace(
        all.map((s) => ({
          kind: s.kind,
          id: s.id,
          ciphertext: encryptSecret(
            next,
            decryptSecret(current, s.ciphertext, s.context),
            s.context,
          ),
        })),
      );
      await tx.audit.append({
        actor: opts.actor,
        action: 'secrets.rotate',
        object: 'secrets',
        details: { count: all.length },
      });
      return all.length;
    });
  } catch (e) {
    rmSync(`${keyFile}.new`, { force: true });
    rmSync(`${keyFile}.old`, { force: true });
    throw e;
  }
  step('committed');
  renameSync(`${keyFile}.new`, keyFile);
  syncFolder(dirname(keyFile));
  step('renamed');
  rmSync(`${keyFile}.old`);
  return { rotated };
}
