import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError, ErrorCode } from '../../domain/errors.js';

/** scrypt cost: N = 2^ln, block size r, parallelism p. */
export interface PasswordParams {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB of memory per hash. OWASP's cheat sheet asks for N = 2^17
 * (128 MiB) at the same r and p; 2^15 keeps a login cheap on a small shared server. Raise it
 * here: each stored hash records its own parameters and is upgraded at its next login.
 */
export const defaultPasswordParams: PasswordParams = { ln: 15, r: 8, p: 1 };

export const minPasswordLength = 12;
/** Longer input only costs hashing time; nobody types more. */
export const maxPasswordLength = 1024;

const saltBytes = 16;
const keyBytes = 32;
const encoded =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, params: PasswordParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const opts: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // Node refuses above 32 MiB by default, which 2^15 × 8 just reaches.
    maxmem: 256 * N * params.r * params.p + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, opts, (e, key) => {
      if (e) reject(e);
      else resolve(key);
    });
  });
}

/**
 * Refuses a password shorter than {@link minPasswordLength} characters (code points), longer
 * than {@link maxPasswordLength}, or equal to the user name. INPUT_INVALID, never echoing it.
 */
export function checkPasswordRules(password: string, userName?: string): void {
  const length = [...password].length;
  const problem =
    length < minPasswordLength
      ? `a password needs at least ${minPasswordLength} characters (this one has ${length})`
      : length > maxPasswordLength
        ? `a password may have at most ${maxPasswordLength} characters`
        : userName !== undefined && password.toLowerCase() === userName.toLowerCase()
          ? 'the password may not be the user name'
          : undefined;
  if (problem) throw new AppError(ErrorCode.InputInvalid, problem);
}

/** `$scrypt$ln=15,r=8,p=1$<salt>$<key>` (base64url), with a fresh random salt. */
export async function hashPassword(
  password: string,
  params: PasswordParams = defaultPasswordParams,
): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** The parameters a stored hash was made with, or undefined when it is not one of ours. */
export function passwordParamsOf(hash: string): PasswordParams | undefined {
  const m = encoded.exec(hash);
  return m ? { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) } : undefined;
}

/** Whether `hash` was made with other parameters than `params` (rehash at the next login). */
export function needsRehash(hash: string, params: PasswordParams = defaultPasswordParams): boolean {
  const got = passwordParamsOf(hash);
  return got === undefined || got.ln !== params.ln || got.r !== params.r || got.p !== params.p;
}

/**
 * Whether `password` matches `hash`, derived with the hash's own parameters and compared in
 * constant time. A malformed hash or out-of-range parameters never match.
 */
export async function verifyPasswordHash(password: string, hash: string): Promise<boolean> {
  const m = encoded.exec(hash);
  if (!m) return false;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > 22 || params.r < 1 || params.p < 1) return false;
  const want = Buffer.from(m[5]!, 'base64url');
  const got = await derive(password, Buffer.from(m[4]!, 'base64url'), params);
  return want.length === got.length && timingSafeEqual(want, got);
}

const dummies = new Map<string, Promise<string>>();

/**
 * A hash of a random password with `params`, made once per parameter set: checked against
 * when the user does not exist, so an unknown name costs the same scrypt work as a known one.
 */
export function dummyHash(params: PasswordParams = defaultPasswordParams): Promise<string> {
  const key = `${params.ln},${params.r},${params.p}`;
  let h = dummies.get(key);
  if (!h) {
    h = hashPassword(randomBytes(24).toString('base64url'), params);
    dummies.set(key, h);
  }
  return h;
}
