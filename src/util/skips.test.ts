import { describe, expect, it } from 'vitest';
import { skipList } from './skips.js';

describe('util/skips', () => {
  it('gives the reason for a listed test and nothing for others', () => {
    const list = skipList([{ reason: 'vcsim has no tools', tests: ['waits for tools'] }]);

    expect(list.reasonFor('waits for tools')).toBe('vcsim has no tools');
    expect(list.reasonFor('clones once')).toBeUndefined();
  });

  it('reports skip entries that name no registered test', () => {
    const list = skipList([{ reason: 'r', tests: ['old title', 'clones once'] }]);

    list.reasonFor('clones once');

    expect(list.unknown()).toEqual(['old title']);
  });
});
