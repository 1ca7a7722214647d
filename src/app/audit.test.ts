import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { readNewestAnchor, writeAnchor } from './audit.js';

const h = (c: string) => c.repeat(64);

describe('app/audit anchors', () => {
  const dirs: string[] = [];
  const file = (text?: string): string => {
    const d = mkdtempSync(join(tmpdir(), 'patchline-anchor-'));
    dirs.push(d);
    const f = join(d, 'anchors.jsonl');
    if (text !== undefined) writeFileSync(f, text);
    return f;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('appends one line per anchor and reads back the newest', () => {
    const f = file();
    writeAnchor(f, { seq: 1, count: 1, hash: h('a') }, fixedClock('2026-11-27T00:00:00Z'));
    writeAnchor(f, { seq: 3, count: 3, hash: h('b') }, fixedClock('2026-11-28T00:00:00Z'));

    expect(readNewestAnchor(f)).toEqual({
      at: '2026-11-28T00:00:00.000Z',
      seq: 3,
      count: 3,
      hash: h('b'),
    });
  });

  it.each`
    case                  | text                                                                                            | seq
    ${'a torn last line'} | ${`{"at":"t","seq":2,"count":2,"hash":"${h('c')}"}\n{"at":"t","se`}                             | ${2}
    ${'a bad hash'}       | ${`{"at":"t","seq":2,"count":2,"hash":"${h('c')}"}\n{"at":"t","seq":3,"count":3,"hash":"x"}\n`} | ${2}
    ${'only junk'}        | ${'junk\n'}                                                                                     | ${undefined}
  `('skips $case', ({ text, seq }: { text: string; seq: number | undefined }) => {
    expect(readNewestAnchor(file(text))?.seq).toBe(seq);
  });

  it('takes the furthest anchor when writers appended out of order', () => {
    const text = [5, 7, 6].map((seq) => JSON.stringify({ at: 't', seq, count: seq, hash: h('d') }));

    expect(readNewestAnchor(file(`${text.join('\n')}\n`))?.seq).toBe(7);
  });

  it('has no anchor when the file does not exist', () => {
    expect(readNewestAnchor(file())).toBeUndefined();
  });
});
