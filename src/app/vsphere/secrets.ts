import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
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

export function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `${where} must hold a 32-byte key (64 hex digits or base64)`,
      { location: { record: where } },
    );
  }
  return key;
}

/** A fresh random key. */
export function newSecretKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * Writes `key` to `path` atomically: a 0600 temporary file beside it, synced, renamed over it,
 * and the folder synced, so a crash leaves either the old file or the new one, never half.
 */
export function writeKeyFile(path: string, key: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncFolder(dirname(path));
}

/** Makes a rename in `dir` durable (a no-op where folders cannot be opened for sync). */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform syncs folders; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads a key file, refusing one that group or others can read. */
export function readKeyFile(path: string): Buffer {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new AppError(
      ErrorCode.SecretKeyUnavailable,
      `the key file ${path} is readable by group or others (mode ${mode.toString(8).padStart(4, '0')}): run \`chmod 600 ${path}\``,
      { location: { file: path } },
    );
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

export interface LoadSecretKeyOptions {
  /** Secrets the store holds: with any, a missing key is an error, never a new key. */
  readonly storedSecrets: number;
}

/**
 * The key that encrypts stored credentials: `PATCHLINE_SECRET_KEY` (64 hex digits or base64 of
 * 32 bytes) when set, else the key file (mode 0600 required). A missing key file is created with
 * a random key only while the store holds no secret; otherwise SECRET_KEY_UNAVAILABLE says
 * where the key was expected and how to restore it.
 */
export function loadSecretKey(
  env: Readonly<Record<string, string | undefined>>,
  keyFile: string,
  opts: LoadSecretKeyOptions,
): Buffer {
  const fromEnv = env.PATCHLINE_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return decodeKey(fromEnv, 'PATCHLINE_SECRET_KEY');
  }
  if (existsSync(keyFile)) return readKeyFile(keyFile);
  if (opts.storedSecrets > 0) {
    const old = existsSync(`${keyFile}.old`)
      ? `; ${keyFile}.old holds the key from before a rotation`
      : '';
    throw new AppError(
      ErrorCode.SecretKeyUnavailable,
      `the store holds ${opts.storedSecrets} encrypted secret(s) but their key is missing: restore ${keyFile} (mode 0600) from your backup, or set PATCHLINE_SECRET_KEY to the key${old}; a new key would leave them undecryptable`,
      { location: { file: keyFile } },
    );
  }
  const key = newSecretKey();
  writeKeyFile(keyFile, key);
  return key;
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
      'stored secret cannot be decrypted with this key (PATCHLINE_SECRET_KEY or secret.key changed? `patchline secrets status` checks every secret)',
      { cause: e },
    );
  }
}
