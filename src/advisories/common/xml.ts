import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { invalidDocument } from './document.js';

/** An element with its namespace resolved from the `xmlns` declarations in scope. */
export interface XmlElement {
  /** Namespace URI ('' when none is in scope). */
  readonly ns: string;
  readonly name: string;
  /** Unprefixed attributes by name; prefixed ones keep `prefix:name`. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside the element, entities decoded. */
  readonly text: string;
}

const maxDepth = 100;

/**
 * Parses XML into namespace-resolved elements (Namespaces in XML 1.0 §6: prefixes and default
 * namespaces are scoped per element, so `vuln:Vulnerability` and `<Vulnerability xmlns="…vuln…">`
 * come out equal). DTDs are refused outright, so no internal or external entity is ever expanded;
 * only the five predefined entities and character references are decoded.
 */
export function parseXml(text: string, name: string): XmlElement {
  if (/<!DOCTYPE/i.test(text)) {
    throw invalidDocument(name, 'declares a DTD (<!DOCTYPE>), which is not accepted');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const e = valid.err;
    const open = unclosedAtEnd(e.msg);
    if (open !== undefined) {
      const { line, column } = endOf(text);
      const what =
        open.length > 0 ? `, with ${open.map((t) => `<${t}>`).join(' ')} still open` : '';
      const why = `truncated? it ends at line ${line}, column ${column}${what}`;
      throw notWellFormed(name, why, line, column);
    }
    throw notWellFormed(name, `line ${e.line}: ${e.msg}`, e.line, e.col);
  }
  let nodes: unknown;
  try {
    nodes = orderedParser.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    throw invalidDocument(name, `is not well-formed XML${detail}`, cause);
  }
  const roots = Array.isArray(nodes) ? toElements(nodes, new Map([['', '']]), 0, name) : [];
  const root = roots[0];
  if (!root) throw invalidDocument(name, 'has no root element');
  return root;
}

function notWellFormed(name: string, why: string, line: number, column: number): AppError {
  return new AppError(
    ErrorCode.AdvisoryInvalid,
    `advisory document ${name} is not well-formed XML (${why})`,
    { location: { file: name, line, column } },
  );
}

/**
 * fast-xml-parser reports elements left open at the end of the text at line 1 (`Invalid '["a",
 * "c"]' found.`, or `Unclosed tag 'a'.`); this gives those tags, or undefined for other errors.
 */
function unclosedAtEnd(msg: string): string[] | undefined {
  const list = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(msg);
  if (list) {
    try {
      const tags = JSON.parse(list[1]!) as unknown;
      return Array.isArray(tags) ? tags.map(String) : [];
    } catch {
      return [];
    }
  }
  const one = /^Unclosed tag '([^']*)'\.$/.exec(msg);
  return one ? [one[1]!] : undefined;
}

/** 1-based line and column just past the last character. */
function endOf(text: string): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: text.length - last };
}

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  commentPropName: false,
});

function toElements(
  nodes: unknown[],
  scope: ReadonlyMap<string, string>,
  depth: number,
  file: string,
): XmlElement[] {
  if (depth > maxDepth) throw invalidDocument(file, `nests elements deeper than ${maxDepth}`);
  const out: XmlElement[] = [];
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    const qname = Object.keys(record).find((k) => k !== ':@' && k !== '#text');
    if (qname === undefined) continue;
    const rawAttrs = (record[':@'] ?? {}) as Record<string, unknown>;
    const inner = new Map(scope);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) {
      const value = decodeEntities(String(v));
      if (k === 'xmlns') inner.set('', value);
      else if (k.startsWith('xmlns:')) inner.set(k.slice(6), value);
      else attrs[k] = value;
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const children = Array.isArray(record[qname]) ? (record[qname] as unknown[]) : [];
    const text = children
      .map((c) => (c as Record<string, unknown>)['#text'])
      .filter((t): t is string | number | boolean =>
        ['string', 'number', 'boolean'].includes(typeof t),
      )
      .map((t) => decodeEntities(String(t)))
      .join('');
    out.push({
      ns: inner.get(prefix) ?? '',
      name: colon < 0 ? qname : qname.slice(colon + 1),
      attrs,
      children: toElements(children, inner, depth + 1, file),
      text,
    });
  }
  return out;
}

const named: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** XML 1.0 §4.6 predefined entities and §4.1 character references; anything else stays as is. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref] ?? whole;
  });
}

/** Direct children with this namespace and local name. */
export function childrenOf(el: XmlElement, ns: readonly string[], name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name && ns.includes(c.ns));
}

export function childOf(
  el: XmlElement,
  ns: readonly string[],
  name: string,
): XmlElement | undefined {
  return el.children.find((c) => c.name === name && ns.includes(c.ns));
}

/** Descendants (depth-first, document order) with this namespace and local name. */
export function descendantsOf(el: XmlElement, ns: readonly string[], name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.name === name && ns.includes(c.ns)) out.push(c);
    out.push(...descendantsOf(c, ns, name));
  }
  return out;
}
