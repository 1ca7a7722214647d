import { describe, expect, it } from 'vitest';
import { diffLines, splitLines, unifiedDiff } from './line-diff.js';

const names = { a: 'a/x.yaml', b: 'b/x.yaml' };

describe('app/policy-versions/line-diff', () => {
  it.each`
    a                       | b                       | ops
    ${['a', 'b']}           | ${['a', 'b']}           | ${'  a|  b'}
    ${['a', 'b']}           | ${['a', 'c']}           | ${'  a|- b|+ c'}
    ${['a']}                | ${[]}                   | ${'- a'}
    ${[]}                   | ${['a']}                | ${'+ a'}
    ${['x', 'a', 'b']}      | ${['a', 'b', 'x']}      | ${'- x|  a|  b|+ x'}
    ${['a', 'b', 'c', 'd']} | ${['a', 'c', 'b', 'd']} | ${'  a|- b|  c|+ b|  d'}
  `('diffs $a to $b', ({ a, b, ops }) => {
    const got = diffLines(a as string[], b as string[]).map((l) => `${l.op} ${l.text}`);

    expect(got.join('|')).toBe(ops);
  });

  it('keeps the longest common subsequence', () => {
    const a = 'abcabba'.split('');
    const b = 'cbabac'.split('');

    const kept = diffLines(a, b).filter((l) => l.op === ' ').length;

    expect(kept).toBe(4);
  });

  it.each`
    text          | lines
    ${''}         | ${[]}
    ${'a'}        | ${['a']}
    ${'a\n'}      | ${['a']}
    ${'a\r\nb\n'} | ${['a', 'b']}
    ${'a\n\n'}    | ${['a', '']}
  `('splits $text into lines', ({ text, lines }) => {
    expect(splitLines(text as string)).toEqual(lines);
  });

  it('is empty for texts with the same lines', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb', names)).toBe('');
  });

  it('prints the hunks diff -u prints: three lines of context, close changes merged', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const b = [...a];
    b[1] = 'two';
    b.splice(6, 0, 'new');
    b[18] = 'nineteen';

    const out = unifiedDiff(a.join('\n'), b.join('\n'), names);

    expect(out).toBe(
      [
        '--- a/x.yaml',
        '+++ b/x.yaml',
        '@@ -1,9 +1,10 @@',
        ' l1',
        '-l2',
        '+two',
        ' l3',
        ' l4',
        ' l5',
        ' l6',
        '+new',
        ' l7',
        ' l8',
        ' l9',
        '@@ -15,6 +16,6 @@',
        ' l15',
        ' l16',
        ' l17',
        '-l18',
        '+nineteen',
        ' l19',
        ' l20',
        '',
      ].join('\n'),
    );
  });

  it('numbers an empty side as line 0', () => {
    expect(unifiedDiff('', 'a\nb\n', { a: '/dev/null', b: 'b/x.yaml' })).toBe(
      '--- /dev/null\n+++ b/x.yaml\n@@ -0,0 +1,2 @@\n+a\n+b\n',
    );
  });
});
