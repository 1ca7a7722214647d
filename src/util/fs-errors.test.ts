import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fsErrorCode, fsProblem } from './fs-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'patchline-fs-'));
writeFileSync(join(dir, 'file'), 'x');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app/fs-errors', () => {
  it.each`
    path            | code               | words
    ${'missing'}    | ${'NOT_FOUND'}     | ${'does not exist'}
    ${'file/below'} | ${'NOT_FOUND'}     | ${'does not exist (part of the path is not a directory)'}
    ${'.'}          | ${'INPUT_INVALID'} | ${'is a directory'}
  `(
    'says $words for $path, keeping the errno code out of the message',
    async ({ path, code, words }) => {
      const target = join(dir, path as string);
      const e: unknown = await readFile(target).catch((x: unknown) => x);

      const problem = fsProblem(e, target, 'an inventory file');

      expect(problem).toMatchObject({
        code,
        message: `${target} ${words as string}: expected an inventory file`,
        location: { file: target },
        cause: e,
      });
      expect(problem.message).not.toMatch(/E[A-Z]{3,}/);
    },
  );

  it('knows a file-system error from another one', () => {
    expect(fsErrorCode(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('EACCES');
    expect(fsErrorCode(new Error('x'))).toBeUndefined();
    expect(fsErrorCode({ code: 'CONFLICT' })).toBeUndefined();
    expect(fsProblem(new Error('odd'), '/p', 'a file').message).toBe(
      '/p cannot be read: expected a file',
    );
  });
});
