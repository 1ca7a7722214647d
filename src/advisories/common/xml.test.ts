import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { childOf, decodeEntities, parseXml } from './xml.js';

const a = 'urn:a';
const b = 'urn:b';

describe('advisories/common/xml', () => {
  it('resolves prefixed and default namespaces to the same URI', () => {
    const prefixed = parseXml(
      `<x:root xmlns:x="${a}" xmlns:y="${b}"><y:item>1</y:item></x:root>`,
      'p',
    );
    const defaulted = parseXml(`<root xmlns="${a}"><item xmlns="${b}">1</item></root>`, 'd');

    expect(childOf(prefixed, [b], 'item')?.text).toBe('1');
    expect(childOf(defaulted, [b], 'item')?.text).toBe('1');
    expect([prefixed.ns, prefixed.name]).toEqual([defaulted.ns, defaulted.name]);
  });

  it('does not match an element by prefix alone', () => {
    const root = parseXml(`<x:root xmlns:x="${a}"><x:item>1</x:item></x:root>`, 'p');

    expect(childOf(root, [b], 'item')).toBeUndefined();
  });

  it('decodes predefined entities and character references only', () => {
    expect(decodeEntities('&lt;p&gt; &amp;amp; &#65;&#x42; &custom;')).toBe(
      '<p> &amp; AB &custom;',
    );
  });

  it.each([
    ['<!DOCTYPE r [<!ENTITY e SYSTEM "http://example.invalid/x">]><r>&e;</r>'],
    ['<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>'],
    ['<r><unclosed></r>'],
    [''],
  ])('rejects %s', (text) => {
    expect(() => parseXml(text, 'bad.xml')).toThrow(AppError);
  });

  it.each([
    [
      '<r>\n  <a>1</a>\n  <b>\n    <c>2',
      4,
      9,
      /ends at line 4, column 9, with <r> <b> <c> still open/,
    ],
    ['<r>\n<a>1</a>\n<!-- cut', 3, 9, /ends at line 3, column 9, with <r> still open/],
    ['<r>\n<a>1</a>\n</b>\n</r>', 3, 1, /line 3: Expected closing tag 'r'/],
  ])('locates the error of %j at line %i, column %i', (text, line, column, message) => {
    let error: unknown;
    try {
      parseXml(text, 'cvrf.xml');
    } catch (e) {
      error = e;
    }

    expect(error).toMatchObject({ location: { file: 'cvrf.xml', line, column } });
    expect((error as Error).message).toMatch(message);
  });

  it('rejects nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = '<a>'.repeat(500) + '</a>'.repeat(500);

    expect(() => parseXml(deep, 'deep.xml')).toThrow(/deep\.xml.*nested/);
  });
});
