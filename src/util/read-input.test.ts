import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../domain/errors.js';
import {
  defaultMaxInputBytes,
  formatBytes,
  inputPathKind,
  parseByteSize,
  readInputFile,
  readInputFileSync,
} from './read-input.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-read-input-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fifo(): string {
  const path = join(dir, 'pipe');
  execFileSync('mkfifo', [path]);
  return path;
}

const readers = [
  [
    'readInputFile',
    (f: string, max?: number) => readInputFile(f, { maxBytes: max, what: 'inventory' }),
  ],
  [
    'readInputFileSync',
    (f: string, max?: number) =>
      Promise.resolve().then(() => readInputFileSync(f, { maxBytes: max, what: 'inventory' })),
  ],
] as const;

describe.each(readers)('util/read-input %s', (_name, read) => {
  it('reads a regular file whole', async () => {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'x'.repeat(200_000));

    expect((await read(file)).length).toBe(200_000);
  });

  it('refuses a named pipe at once instead of blocking on it', async () => {
    const path = fifo();

    await expect(read(path)).rejects.toMatchObject({
      code: ErrorCode.InputInvalid,
      message: `inventory ${path} is a named pipe (FIFO): expected a regular file`,
      location: { file: path },
    });
  });

  it('refuses /dev/zero as a character device before reading a byte', async () => {
    await expect(read('/dev/zero')).rejects.toMatchObject({
      code: ErrorCode.InputInvalid,
      message: 'inventory /dev/zero is a character device: expected a regular file',
    });
  });

  it('refuses a directory', async () => {
    await expect(read(dir)).rejects.toThrow(/is a directory: expected a regular file/);
  });

  it('refuses a file over the limit by its size, naming the file, the limit and the variable', async () => {
    const file = join(dir, 'big.status');
    writeFileSync(file, '');
    truncateSync(file, defaultMaxInputBytes + 1); // sparse: costs no disk

    await expect(read(file)).rejects.toMatchObject({
      code: ErrorCode.InputInvalid,
      message: `inventory ${file} is 256.0 MiB (268435457 bytes), over the 256 MiB input limit; raise PATCHLINE_MAX_INPUT_BYTES (bytes) to read it`,
      details: { size: defaultMaxInputBytes + 1, limit: defaultMaxInputBytes },
    });
  });

  it('honours a lower limit given by the caller', async () => {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'x'.repeat(2049));

    await expect(read(file, 2048)).rejects.toThrow(
      /is 2.0 KiB \(2049 bytes\), over the 2 KiB input limit/,
    );
    expect((await read(file, 2049)).length).toBe(2049);
  });

  it('a missing file is NOT_FOUND with its path', async () => {
    const file = join(dir, 'nope');

    await expect(read(file)).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      location: { file },
    });
  });
});

describe('util/read-input inputPathKind', () => {
  it('accepts files and directories and names what else it expected', () => {
    const file = join(dir, 'a');
    writeFileSync(file, 'x');

    expect(inputPathKind(file)).toBe('file');
    expect(inputPathKind(dir)).toBe('directory');
    expect(() => inputPathKind(fifo(), 'advisory path')).toThrow(
      /advisory path .* is a named pipe \(FIFO\): expected a regular file or a directory/,
    );
  });

  it.each`
    text         | bytes
    ${'1048576'} | ${1_048_576}
    ${'512KiB'}  | ${524_288}
    ${'256MiB'}  | ${268_435_456}
    ${'2G'}      | ${2_147_483_648}
    ${'0'}       | ${undefined}
    ${'1.5MiB'}  | ${undefined}
    ${'lots'}    | ${undefined}
  `('parseByteSize($text) is $bytes', ({ text, bytes }) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each`
    n                | text
    ${512}           | ${'512 bytes'}
    ${2048}          | ${'2 KiB'}
    ${629_145_600}   | ${'600 MiB'}
    ${7_730_941_132} | ${'7.2 GiB'}
  `('formatBytes($n) is $text', ({ n, text }) => {
    expect(formatBytes(n)).toBe(text);
  });
});
