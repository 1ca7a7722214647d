import { XMLParser } from 'fast-xml-parser';
import { AppError, ErrorCode } from '../domain/errors.js';

export const NS = {
  soapenv: 'http://schemas.xmlsoap.org/soap/envelope/',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xsd: 'http://www.w3.org/2001/XMLSchema',
  vim25: 'urn:vim25',
} as const;

/** A qualified name with its namespace resolved (Namespaces in XML 1.0, §5). */
export interface QName {
  readonly ns: string;
  readonly local: string;
}

/**
 * One element with namespaces resolved. Attribute keys are `{ns}local` for prefixed attributes
 * and plain `local` for unprefixed ones (which belong to no namespace, §6.2).
 */
export interface XmlElement {
  readonly name: QName;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: string;
  /** Namespace bindings in scope, needed to resolve QName-valued attributes like xsi:type. */
  readonly scope: ReadonlyMap<string, string>;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by `decodeEntities` (XML's five plus character references only).
  processEntities: false,
  cdataPropName: '#cdata',
});

const predefined: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
};

/** Decodes XML 1.0 §4.6 predefined entities and §4.1 character references in one pass. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, ref: string) => {
    if (ref.startsWith('#')) {
      const cp =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return predefined[ref] ?? all;
  });
}

type RawNode = Record<string, unknown>;

/** Parses an XML document into namespace-resolved elements; refuses DTDs (no entity expansion). */
export function parseXml(xml: string): XmlElement {
  if (/<!DOCTYPE/i.test(xml)) {
    throw new AppError(ErrorCode.VsphereFault, 'SOAP response carries a DTD; refused');
  }
  let raw: unknown;
  try {
    raw = parser.parse(xml);
  } catch (e) {
    throw new AppError(ErrorCode.VsphereFault, `malformed SOAP response: ${String(e)}`, {
      cause: e,
    });
  }
  for (const node of raw as RawNode[]) {
    const tag = tagOf(node);
    if (tag && !tag.startsWith('?')) return build(node, tag, new Map([['xml', XML_NS]]));
  }
  throw new AppError(ErrorCode.VsphereFault, 'SOAP response has no root element');
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function tagOf(node: RawNode): string | undefined {
  for (const k of Object.keys(node)) if (k !== ':@' && k !== '#text' && k !== '#cdata') return k;
  return undefined;
}

function build(node: RawNode, tag: string, parentScope: ReadonlyMap<string, string>): XmlElement {
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  // Most elements declare nothing: share the parent's scope instead of copying it.
  let scope = parentScope;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k !== 'xmlns' && !k.startsWith('xmlns:')) continue;
    if (scope === parentScope) scope = new Map(parentScope);
    (scope as Map<string, string>).set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(v));
  }
  const attrs = new Map<string, string>();
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const i = k.indexOf(':');
    if (i < 0) attrs.set(k, decodeEntities(v));
    else {
      attrs.set(`{${resolvePrefix(scope, k.slice(0, i), k)}}${k.slice(i + 1)}`, decodeEntities(v));
    }
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const c of (node[tag] ?? []) as RawNode[]) {
    const ct = tagOf(c);
    if (ct) children.push(build(c, ct, scope));
    else if (typeof c['#text'] === 'string') text += decodeEntities(c['#text']);
    else if (Array.isArray(c['#cdata'])) {
      text += (c['#cdata'] as { '#text'?: string }[]).map((t) => t['#text'] ?? '').join('');
    }
  }
  return { name: resolveName(scope, tag, true), attrs, children, text, scope };
}

function resolvePrefix(scope: ReadonlyMap<string, string>, prefix: string, qname: string): string {
  const ns = scope.get(prefix);
  if (ns === undefined) {
    throw new AppError(ErrorCode.VsphereFault, `undeclared namespace prefix in ${qname}`);
  }
  return ns;
}

/** Resolves `p:local` (or `local`, in the default namespace when `useDefault`) against scope. */
export function resolveName(
  scope: ReadonlyMap<string, string>,
  qname: string,
  useDefault: boolean,
): QName {
  const i = qname.indexOf(':');
  if (i < 0) return { ns: useDefault ? (scope.get('') ?? '') : '', local: qname };
  return { ns: resolvePrefix(scope, qname.slice(0, i), qname), local: qname.slice(i + 1) };
}

/**
 * The element's `xsi:type`, whatever prefix the server bound to the XMLSchema-instance namespace
 * (vcsim writes `XMLSchema-instance:type`). Returns the local type name, e.g. `VmClonedEvent`.
 */
export function xsiType(el: XmlElement): string | undefined {
  const v = el.attrs.get(`{${NS.xsi}}type`);
  if (v === undefined) return undefined;
  return resolveName(el.scope, v.trim(), true).local;
}

export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.name.local === local);
}

export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.name.local === local);
}

export function childText(el: XmlElement, local: string): string | undefined {
  return child(el, local)?.text;
}

/** Escapes text for element content and double-quoted attribute values. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
