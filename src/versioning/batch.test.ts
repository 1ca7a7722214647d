import { describe, expect, it } from 'vitest';
import { compareBatch } from './batch.js';
import { getScheme } from './registry.js';

describe('versioning/batch', () => {
  it('compares every pair in order, skipping comments and blank lines', () => {
    const text = '# header\n1.0\t1.1\r\n\n2:1\t1:9\n1.0~rc1\t1.0~rc1\n';

    const { value, diagnostics } = compareBatch(getScheme('dpkg'), text, 'pairs.tsv');

    expect(diagnostics).toEqual([]);
    expect(value).toEqual([
      { line: 2, a: '1.0', b: '1.1', result: -1 },
      { line: 4, a: '2:1', b: '1:9', result: 1 },
      { line: 5, a: '1.0~rc1', b: '1.0~rc1', result: 0 },
    ]);
  });

  it.each`
    line               | column       | message
    ${'1.0'}           | ${undefined} | ${'expected 2 tab-separated versions, found 1 field(s)'}
    ${'1.0\t1.1\t1.2'} | ${undefined} | ${'expected 2 tab-separated versions, found 3 field(s)'}
    ${'1.0\t1.0-'}     | ${8}         | ${"invalid dpkg version '1.0-': revision is empty"}
    ${'x1\t1.0'}       | ${1}         | ${"invalid dpkg version 'x1': upstream version does not start with a digit"}
  `('reports "$line" at its line and column and keeps the rest', ({ line, column, message }) => {
    const text = `1\t2\n${line}\n3\t2\n`;

    const { value, diagnostics } = compareBatch(getScheme('dpkg'), text, 'f.tsv');

    expect(value.map((r) => [r.line, r.result])).toEqual([
      [1, -1],
      [3, 1],
    ]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message,
        location:
          column === undefined ? { file: 'f.tsv', line: 2 } : { file: 'f.tsv', line: 2, column },
      },
    ]);
  });
});
