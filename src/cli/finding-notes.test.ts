import { describe, expect, it } from 'vitest';
import { findingNotes, type Noted } from './finding-notes.js';

const stream = 'module stream unknown: the inventory does not carry MODULARITYLABEL';
const version = 'version "x" cannot be parsed as rpm';

describe('cli/finding-notes', () => {
  it.each`
    findings                                                                                                                                  | statuses                                                        | lines
    ${[]}                                                                                                                                     | ${[]}                                                           | ${[]}
    ${[{ status: 'open' }]}                                                                                                                   | ${['open']}                                                     | ${[]}
    ${[{ status: 'unverifiable', reason: stream }, { status: 'open' }]}                                                                       | ${['[1] unverifiable', 'open']}                                 | ${[`[1] ${stream}`]}
    ${[{ status: 'unverifiable', reason: version }, { status: 'unverifiable', reason: stream }, { status: 'unverifiable', reason: version }]} | ${['[1] unverifiable', '[2] unverifiable', '[1] unverifiable']} | ${[`[1] ${version}`, `[2] ${stream}`]}
    ${[{ status: 'open', reason: stream }, { status: 'unverifiable' }]}                                                                       | ${['open', 'unverifiable']}                                     | ${[]}
  `('notes $statuses', ({ findings, statuses, lines }) => {
    const list = findings as Noted[];

    const notes = findingNotes(list);

    expect(list.map((_, i) => notes.status(i))).toEqual(statuses);
    expect(notes.lines).toEqual(lines);
  });
});
