import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('cli/csv', () => {
  it.each`
    value                 | cell
    ${'plain'}            | ${'plain'}
    ${'a,b'}              | ${'"a,b"'}
    ${'say "hi"'}         | ${'"say ""hi"""'}
    ${'two\nlines'}       | ${'"two\nlines"'}
    ${null}               | ${''}
    ${3}                  | ${'3'}
    ${['CVE-1', 'CVE-2']} | ${'CVE-1 CVE-2'}
  `('writes $value as $cell', ({ value, cell }) => {
    expect(toCsv(['h'], [[value]])).toBe(`h\r\n${cell}\r\n`);
  });
});
