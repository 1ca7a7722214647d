import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';

export type PathKey = string | number;

/** Line and column (1-based) of a path in one YAML file, found through the yaml CST ranges. */
export interface SourceFile {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * The file's `yaml` document and line table, parsed on first use: a policy read by the fast path
 * (`fastYamlValue`) needs them only to place a diagnostic.
 */
export function parseYaml(file: string, text: string): SourceFile {
  let parsed: { doc: Document; lines: LineCounter } | undefined;
  const get = (): { doc: Document; lines: LineCounter } => {
    if (parsed) return parsed;
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    parsed = { doc, lines };
    return parsed;
  };
  return {
    file,
    get doc() {
      return get().doc;
    },
    get lines() {
      return get().lines;
    },
  };
}

/** Offset of the first alias (`*name`) in the document, if any. */
export function firstAlias(src: SourceFile): number | undefined {
  let at: number | undefined;
  visit(src.doc, {
    Alias(_, node) {
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

/**
 * Position of the node at `path`: the value for an existing path, the key when `atKey` is set
 * (unknown keys point at the key itself), else the deepest ancestor that exists.
 */
export function locate(src: SourceFile, path: readonly PathKey[], atKey = false): Position {
  let node: unknown = src.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      if (last && atKey && keyStart !== undefined) return position(src, keyStart);
      node = pair.value;
      offset = rangeStart(node) ?? keyStart ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return position(src, offset);
}

function position(src: SourceFile, offset: number): Position {
  const p = src.lines.linePos(offset);
  return { line: p.line, column: p.col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
