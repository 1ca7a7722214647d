/** Line and column, both 1-based. */
export interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

/** Where each value (and each member's key) of a JSON text starts, by JSON pointer. */
export interface JsonSourceMap {
  readonly value: unknown;
  /** Start of the value at a pointer (`''` is the root). */
  readonly values: ReadonlyMap<string, JsonPosition>;
  /** Start of the key of the member at a pointer. */
  readonly keys: ReadonlyMap<string, JsonPosition>;
}

/** A JSON text that does not parse, and where it stops making sense. */
export class JsonSyntaxError extends Error {
  readonly position: JsonPosition;

  constructor(message: string, position: JsonPosition) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.position = position;
  }
}

/** Escapes one pointer segment (RFC 6901 §3): `~` as `~0`, `/` as `~1`. */
export function pointerSegment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Parses JSON (RFC 8259) like `JSON.parse`, also recording where every value and key starts,
 * so a schema problem at a JSON pointer can be reported as `file:line:column`. A later
 * duplicate key wins, as with `JSON.parse`. Throws {@link JsonSyntaxError} with the position.
 */
export function parseJsonWithPositions(text: string): JsonSourceMap {
  const values = new Map<string, JsonPosition>();
  const keys = new Map<string, JsonPosition>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  // Offsets where each line starts, found once: a position is then a binary search, so a
  // manifest of many values is not scanned again for each of them.
  const lineStarts = [0];
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) lineStarts.push(k + 1);
  const positionAt = (offset: number): JsonPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, positionAt(at));
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = (): string => (i >= text.length ? 'end of input' : JSON.stringify(text[i]));

  const parseString = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail('unterminated string', start);
      if (c === '"') break;
      if (c === '\\') i += text[i + 1] === 'u' ? 6 : 2;
      else if (c < ' ') return fail('control character in string');
      else i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('invalid escape in string', start);
    }
  };

  const parseValue = (pointer: string): unknown => {
    skipSpace();
    values.set(pointer, positionAt(i));
    const c = text[i];
    if (c === '{') return parseObject(pointer);
    if (c === '[') return parseArray(pointer);
    if (c === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (!literal) return fail(`unexpected ${describe()}`);
    i += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  };

  const parseObject = (pointer: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') return fail(`expected a quoted key, found ${describe()}`);
      const keyAt = positionAt(i);
      const key = parseString();
      const child = `${pointer}/${pointerSegment(key)}`;
      keys.set(child, keyAt);
      skipSpace();
      if (text[i] !== ':') return fail(`expected ':' after key, found ${describe()}`);
      i++;
      Object.defineProperty(out, key, {
        value: parseValue(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      return fail(`expected ',' or '}', found ${describe()}`);
    }
  };

  const parseArray = (pointer: string): unknown[] => {
    const out: unknown[] = [];
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(parseValue(`${pointer}/${out.length}`));
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      return fail(`expected ',' or ']', found ${describe()}`);
    }
  };

  const value = parseValue('');
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe()} after the JSON value`);
  return { value, values, keys };
}

/**
 * Position for a pointer: its key when `atKey` and the member exists, else its value, else the
 * nearest ancestor that exists (a missing member points at the object that lacks it).
 */
export function positionOf(map: JsonSourceMap, pointer: string, atKey = false): JsonPosition {
  if (atKey) {
    const k = map.keys.get(pointer);
    if (k) return k;
  }
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const v = map.values.get(p);
    if (v) return v;
    if (p === '') return { line: 1, column: 1 };
  }
}
