import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { parseStoreUrl } from '../../store/index.js';
import type { AppConfig } from '../config.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'v1:';

/** The key file: beside a SQLite store, else in the home folder. */
export function secretKeyFile(config: AppConfig): string {
  const target = parseStoreUrl(config.databaseUrl);
  const dir =
    target.dialect === 'sqlite' && target.path !== ':memory:' ? dirname(target.path) : config.home;
  return join(dir, 'secret.key');
}

function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `${where} must hold a 32-byte key (64 hex digits or base64)`,
      {
        location: { record: where },
      },
    );
  }
  return key;
}

/**
 * The key that encrypts stored credentials: `PATCHLINE_SECRET_KEY` (64 hex digits or base64 of
 * 32 bytes) when set, else the key file, created with a random key and mode 0600 on first use.
 */
export function loadSecretKey(
  env: Readonly<Record<string, string | undefined>>,
  keyFile: string,
): Buffer {
  const fromEnv = env.PATCHLINE_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return decodeKey(fromEnv, 'PATCHLINE_SECRET_KEY');
  }
  const path = keyFile;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    chmodSync(path, 0o600);
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

/**
 * AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV; `context` is bound as additional
 * authenticated data, so a ciphertext moved to another record fails to decrypt.
 * Output: `v1:` + base64(iv ‖ tag ‖ ciphertext).
 */
export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

export function decryptSecret(key: Buffer, blob: string, context: string): string {
  if (!blob.startsWith(PREFIX)) {
    throw new AppError(ErrorCode.ConfigInvalid, 'stored secret has an unknown format');
  }
  const raw = Buffer.from(blob.slice(PREFIX.length), 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) {
    throw new AppError(ErrorCode.ConfigInvalid, 'stored secret is truncated');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch (e) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      'stored secret cannot be decrypted with this key (PATCHLINE_SECRET_KEY or var/secret.key changed?)',
      { cause: e },
    );
  }
}
