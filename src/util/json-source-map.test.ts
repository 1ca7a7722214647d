import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonWithPositions, positionOf } from './json-source-map.js';

const text = `{
  "assets": [
    { "name": "a", "file": "a.status" },
    {
      "b/c~d": "x",
      "n": -1.5e3
    }
  ]
}`;

describe('util/json-source-map', () => {
  it('parses like JSON.parse', () => {
    expect(parseJsonWithPositions(text).value).toEqual(JSON.parse(text));
  });

  it.each`
    pointer                | atKey    | line | column
    ${''}                  | ${false} | ${1} | ${1}
    ${'/assets'}           | ${false} | ${2} | ${13}
    ${'/assets'}           | ${true}  | ${2} | ${3}
    ${'/assets/0/file'}    | ${false} | ${3} | ${28}
    ${'/assets/1'}         | ${false} | ${4} | ${5}
    ${'/assets/1/b~1c~0d'} | ${true}  | ${5} | ${7}
    ${'/assets/1/n'}       | ${false} | ${6} | ${12}
    ${'/assets/1/missing'} | ${false} | ${4} | ${5}
    ${'/assets/7/file'}    | ${false} | ${2} | ${13}
  `('locates $pointer (key: $atKey) at $line:$column', ({ pointer, atKey, line, column }) => {
    const map = parseJsonWithPositions(text);

    expect(positionOf(map, pointer as string, atKey as boolean)).toEqual({ line, column });
  });

  it.each`
    input              | line | column | message
    ${'{'}             | ${1} | ${2}   | ${'expected a quoted key, found end of input'}
    ${'not json'}      | ${1} | ${1}   | ${'unexpected "n"'}
    ${'{"a": 1,\n}'}   | ${2} | ${1}   | ${'expected a quoted key, found "}"'}
    ${'[1 2]'}         | ${1} | ${4}   | ${`expected ',' or ']', found "2"`}
    ${'{"a": "x\ny"}'} | ${1} | ${9}   | ${'control character in string'}
    ${'{"a": "x'}      | ${1} | ${7}   | ${'unterminated string'}
    ${'{} {}'}         | ${1} | ${4}   | ${'unexpected "{" after the JSON value'}
    ${'{"a": "\\q"}'}  | ${1} | ${7}   | ${'invalid escape in string'}
  `('reports $message at $line:$column', ({ input, line, column, message }) => {
    const attempt = (): unknown => parseJsonWithPositions(input as string);

    expect(attempt).toThrow(JsonSyntaxError);
    expect(attempt).toThrow(message as string);
    try {
      attempt();
    } catch (e) {
      expect((e as JsonSyntaxError).position).toEqual({ line, column });
    }
  });

  it('keeps the last of duplicate keys and a __proto__ key as data', () => {
    const { value } = parseJsonWithPositions('{"a": 1, "a": 2, "__proto__": {"x": 1}}');

    expect(value).toEqual(JSON.parse('{"a": 1, "a": 2, "__proto__": {"x": 1}}'));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
