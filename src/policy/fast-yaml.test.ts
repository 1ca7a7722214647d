import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fastYamlValue } from './fast-yaml.js';
import { generatedPolicyText, minimalPolicy, policyText } from './testing.js';

/** The `yaml` package's value of a text: the reading the fast path must reproduce. */
function oracle(text: string): unknown {
  return parseDocument(text, { uniqueKeys: true }).toJS();
}

const here = fileURLToPath(new URL('.', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? yamlFiles(join(dir, e.name))
      : /\.ya?ml$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('fastYamlValue', () => {
  it.each([
    ['~', 'null'],
    ['null', 'Null'],
    ['NULL', ''],
    ['true', 'True'],
    ['FALSE', 'yes'],
    ['no', 'on'],
    ['0o17', '017'],
    ['0x1F', '0X1F'],
    ['0b101', '1_000'],
    ['+12', '-0'],
    ['1.5', '1.'],
    ['.5', '-.5e3'],
    ['1e3', '1E-2'],
    ['.inf', '-.Inf'],
    ['+.INF', '.NaN'],
    ['1d', '50%'],
    ['2026-11-10', '2026-01-04T02:30'],
    ['"1"', "'true'"],
    ['<<', '='],
  ])('resolves the plain scalars %s and %s as the yaml package does', (a, b) => {
    const text = `a: ${a}\nb: [${b}]\nc: { d: ${a}, e: ${b} }\n`;
    expect(fastYamlValue(text)).toEqual({ value: oracle(text) });
  });

  it.each([
    ['block scalars', 'a: |\n  one\n  two\nb: >-\n  folded\n  line\n\nc: |+\n  kept\n\n'],
    ['quoted escapes', "a: \"tab\\there \\u00e9 \\x41\"\nb: 'it''s'\n"],
    ['multi-line plain', 'a: one\n  two\n  three\n'],
    ['comments and flow', 'a: { b: [1, 2], c: d } # note\n# line\n'],
    ['explicit tags', 'a: !!str 1\nb: !!int "7"\n'],
    ['empty values', 'a:\nb: []\nc: {}\n'],
    ['scalar keys', 'true: a\n1.50: b\n0x1F: c\n"null": d\n'],
  ])('reads %s as the yaml package does', (_, text) => {
    expect(fastYamlValue(text)).toEqual({ value: oracle(text) });
  });

  it('reads every policy fixture, the sample and generated policies as the yaml package does', () => {
    const files = [
      ...yamlFiles(join(here, '__fixtures__')),
      ...yamlFiles(join(here, '../../samples')),
    ];
    const texts = [
      ...files.map((f) => readFileSync(f, 'utf8')),
      generatedPolicyText(250),
      policyText(minimalPolicy()),
    ];
    expect(files.length).toBeGreaterThan(3);
    for (const text of texts) expect(fastYamlValue(text)).toEqual({ value: oracle(text) });
  });

  it.each([
    ['a syntax error', 'a: [1, 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an anchor and alias', 'a: &x [1]\nb: *x\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['a tab indent', 'a:\n\t- 1\n'],
    ['a null key', 'match: { ~: x }\n'],
    ['a null key in a block', 'null: 1\n'],
    ['an explicit key', '? [a]\n: x\n'],
    ['a collection key', '{ [a, b]: x }\n'],
  ])('leaves a text with %s to the yaml package', (_, text) => {
    expect(fastYamlValue(text)).toBeUndefined();
  });

  it('keeps a star inside a scalar on the fast path', () => {
    expect(fastYamlValue('match: web-*\n')).toEqual({ value: { match: 'web-*' } });
  });
});
