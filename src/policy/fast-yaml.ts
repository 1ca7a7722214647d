import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

/**
 * YAML 1.2 core schema plain-scalar resolution (YAML 1.2.2 §10.3.2), written to resolve exactly
 * as the `yaml` package's core schema does, so both parsers give the same values: js-yaml's own
 * core schema also reads `0b…`, `_` separators and more as numbers.
 */
const scalarTypes = [
  scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
  scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
  scalar('int', [
    [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
    [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
    [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
  ]),
  scalar('float', [
    [
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity),
    ],
    [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
    [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
  ]),
];

const coreSchema = FAILSAFE_SCHEMA.extend({ implicit: scalarTypes });

type Form = readonly [test: RegExp, construct: (s: string) => unknown];

/** One js-yaml type per tag (it keeps one per tag), trying the tag's forms in order. */
function scalar(name: string, forms: readonly Form[]): Type {
  const form = (data: unknown): Form | undefined => {
    const s = typeof data === 'string' ? data : '';
    return forms.find(([test]) => test.test(s));
  };
  return new Type(`tag:yaml.org,2002:${name}`, {
    kind: 'scalar',
    resolve: (data) => form(data) !== undefined,
    construct: (data) => form(data)?.[1](typeof data === 'string' ? data : ''),
  });
}

/**
 * Texts that take the `yaml` package's reading. An alias (`*a`) reads only a node an anchor
 * (`&a`) named and js-yaml throws on any other, so a text where no node starts with `&` holds no
 * alias; the `yaml` path bounds alias expansion. Keys that are not strings (null, `? ` explicit
 * keys, collections before `:`) become object keys differently in the two packages. False hits
 * (such a sequence inside a quoted string) only cost speed.
 */
const needsDocument = [
  /(?:^|[\s[{,:])&[^\s,[\]{}]/m,
  /(?:^|[\s[{,])\?(?:\s|$)/m,
  /[\]}][ \t]*:/,
  /(?:^|[\s[{,])(?:~|null|Null|NULL)[ \t]*:(?:\s|$)/m,
];

/**
 * The plain value of a one-document YAML text read with js-yaml (many times faster than the
 * `yaml` package's document model), or undefined when the text needs the `yaml` package's
 * reading: it is not valid YAML to js-yaml, has several documents, anchors or keys that are not
 * strings.
 * Positions for diagnostics still come from the `yaml` package, parsed only when one is needed.
 */
export function fastYamlValue(text: string): { value: unknown } | undefined {
  if (needsDocument.some((re) => re.test(text))) return undefined;
  try {
    return { value: load(text, { schema: coreSchema }) };
  } catch {
    return undefined;
  }
}
