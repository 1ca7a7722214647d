import { describe, expect, it } from 'vitest';
import { matchesSelector, parseLabels, type Selector } from './selector.js';

const labels = { env: 'prod', app: 'payments', pci: '' };

describe('policy/selector', () => {
  it.each<[string, Selector, boolean]>([
    ['match holds', { match: { env: 'prod' } }, true],
    ['match differs', { match: { env: 'dev' } }, false],
    ['match on a missing label', { match: { team: 'x' } }, false],
    ['in holds', { in: { app: ['payments', 'checkout'] } }, true],
    ['in misses', { in: { app: ['checkout'] } }, false],
    ['in on a missing label', { in: { team: ['a'] } }, false],
    ['notIn holds', { notIn: { env: ['dev', 'test'] } }, true],
    ['notIn misses', { notIn: { env: ['prod'] } }, false],
    ['notIn on a missing label', { notIn: { team: ['a'] } }, true],
    ['exists with an empty value', { exists: ['pci'] }, true],
    ['exists on a missing label', { exists: ['gdpr'] }, false],
    ['all clauses must hold', { match: { env: 'prod' }, exists: ['gdpr'] }, false],
    [
      'all clauses hold',
      { match: { env: 'prod' }, in: { app: ['payments'] }, exists: ['pci'] },
      true,
    ],
  ])('%s', (_name, selector, expected) => {
    expect(matchesSelector(selector, labels)).toBe(expected);
  });

  it.each`
    text                    | parsed
    ${'env=prod,app=web'}   | ${{ env: 'prod', app: 'web' }}
    ${' env = prod , pci '} | ${{ env: 'prod', pci: '' }}
    ${'url=a=b'}            | ${{ url: 'a=b' }}
    ${''}                   | ${{}}
  `('parses labels "$text"', ({ text, parsed }) => {
    expect(parseLabels(text as string)).toEqual(parsed);
  });
});
