import { decodeText, invalidDocument } from '../common/document.js';
import { parseXml } from '../common/xml.js';
import type { XmlElement } from '../common/xml.js';

/** One item of an `oval_definitions` section (a definition, test, object, state or variable). */
export interface SectionItem {
  /** `definitions`, `tests`, `objects`, `states` or `variables`. */
  readonly section: string;
  /** 1-based line of the item's start tag. */
  readonly line: number;
  /** Parses the item alone, with the root's namespace declarations in scope. */
  element(): XmlElement;
}

/** Largest single item (bytes) parsed into a tree; a whole feed is never held as one. */
export const maxItemBytes = 4 * 1024 * 1024;

/**
 * Splits an OVAL 5 definitions document (`oval_definitions` → section → item, OVAL Language
 * Specification 5.11.2 §4.1) into items without building a tree, or even a string, of the whole
 * document: the scan runs on the UTF-8 bytes (markup characters are ASCII, and no byte of a
 * multi-byte sequence is below 0x80), and each item is decoded and parsed on demand by
 * `parseXml` (DTD refused, entities limited). Memory beyond the bytes is one item's tree at a
 * time; items larger than `maxItemBytes` are refused.
 */
export function scanOval(bytes: Uint8Array, name: string): SectionItem[] {
  const s = new Scanner(bytes, name);
  const root = s.nextTag();
  if (!root || root.end || localName(root.qname) !== 'oval_definitions') {
    throw invalidDocument(name, 'is not an OVAL definitions document (no <oval_definitions>)');
  }
  if (root.selfClosing) return [];
  const rootTag = decodeText(bytes.subarray(root.start, s.pos), name);
  const wrapOpen = `<w ${nsDeclarations(rootTag)}>`;
  const items: SectionItem[] = [];
  for (;;) {
    const sec = s.nextTag();
    if (!sec) throw s.error('ends before </oval_definitions>');
    if (sec.end) break;
    if (sec.selfClosing) continue;
    const section = localName(sec.qname);
    for (;;) {
      const item = s.nextTag();
      if (!item) throw s.error(`ends inside <${sec.qname}>`);
      if (item.end) {
        if (item.qname !== sec.qname) throw s.mismatch(item.qname, sec.qname);
        break;
      }
      const start = item.start;
      const line = s.lineAt(start);
      if (!item.selfClosing) s.skipElement(item.qname);
      const stop = s.pos;
      if (stop - start > maxItemBytes) {
        throw s.error(`has an item at line ${line} larger than ${maxItemBytes} bytes`);
      }
      items.push({
        section,
        line,
        element: () => {
          const where = `${name}:${line}`;
          const text = decodeText(bytes.subarray(start, stop), where);
          const wrapped = parseXml(`${wrapOpen}${text}</w>`, where);
          const el = wrapped.children[0];
          if (!el) throw invalidDocument(name, `has an empty item at line ${line}`);
          return el;
        },
      });
    }
  }
  return items;
}

interface Tag {
  readonly qname: string;
  readonly end: boolean;
  readonly selfClosing: boolean;
  readonly start: number;
  readonly raw: string;
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** The `xmlns` and `xmlns:p` attributes of a start tag, verbatim. */
function nsDeclarations(startTag: string): string {
  const out: string[] = [];
  const re = /\s(xmlns(?::[\w.-]+)?)\s*=\s*("[^"]*"|'[^']*')/g;
  for (let m = re.exec(startTag); m; m = re.exec(startTag)) out.push(`${m[1]}=${m[2]}`);
  return out.join(' ');
}

const lt = 0x3c;
const gt = 0x3e;
const newline = 0x0a;
const latin1 = new TextDecoder('latin1');

class Scanner {
  pos = 0;
  private lineCount = 1;
  private linePos = 0;
  private readonly buf: Buffer;
  private readonly name: string;

  constructor(bytes: Uint8Array, name: string) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.name = name;
    if (this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) this.pos = 3;
  }

  /** Next start or end tag, skipping text, comments, CDATA and processing instructions. */
  nextTag(): Tag | undefined {
    const b = this.buf;
    for (;;) {
      const at = b.indexOf(lt, this.pos);
      if (at < 0) {
        this.pos = b.length;
        return undefined;
      }
      this.pos = at;
      if (this.startsWith('<!--', at)) this.skipPast('-->');
      else if (this.startsWith('<![CDATA[', at)) this.skipPast(']]>');
      else if (this.startsWith('<?', at)) this.skipPast('?>');
      else if (this.startsWith('<!', at)) {
        throw invalidDocument(this.name, 'declares a DTD (<!DOCTYPE>), which is not accepted');
      } else return this.readTag(at);
    }
  }

  /** Moves past the end tag matching an already-read start tag `qname`. */
  skipElement(qname: string): void {
    const stack = [qname];
    while (stack.length > 0) {
      const tag = this.nextTag();
      if (!tag) throw this.error(`ends inside <${stack.at(-1) ?? qname}>`);
      if (tag.end) {
        const open = stack.pop();
        if (open !== tag.qname) throw this.mismatch(tag.qname, open ?? '');
      } else if (!tag.selfClosing) {
        stack.push(tag.qname);
        if (stack.length > 100) throw this.error('nests elements deeper than 100');
      }
    }
  }

  lineAt(offset: number): number {
    if (offset < this.linePos) {
      this.lineCount = 1;
      this.linePos = 0;
    }
    for (let i = this.buf.indexOf(newline, this.linePos); i >= 0 && i < offset;) {
      this.lineCount++;
      this.linePos = i + 1;
      i = this.buf.indexOf(newline, this.linePos);
    }
    return this.lineCount;
  }

  error(why: string): Error {
    const line = this.lineAt(Math.min(this.pos, this.buf.length));
    return invalidDocument(this.name, `is not well-formed OVAL XML (${why}; line ${line})`);
  }

  mismatch(closing: string, open: string): Error {
    return this.error(`</${closing}> closes <${open}>`);
  }

  private startsWith(marker: string, at: number): boolean {
    for (let k = 0; k < marker.length; k++) {
      if (this.buf[at + k] !== marker.charCodeAt(k)) return false;
    }
    return true;
  }

  private skipPast(marker: string): void {
    const i = this.buf.indexOf(marker, this.pos, 'latin1');
    if (i < 0) {
      const what = latin1.decode(this.buf.subarray(this.pos, this.pos + 4));
      throw this.error(`unterminated ${what}`);
    }
    this.pos = i + marker.length;
  }

  private readTag(start: number): Tag {
    const b = this.buf;
    let i = start + 1;
    let quote = 0;
    for (; i < b.length; i++) {
      const c = b[i];
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === gt) break;
      else if (c === lt) throw this.error('"<" inside a tag');
    }
    if (i >= b.length) throw this.error('unterminated tag');
    if (i + 1 - start > maxItemBytes) {
      throw this.error(`has a tag larger than ${maxItemBytes} bytes`);
    }
    // Names and namespace declarations are compared as bytes; latin1 keeps one char per byte.
    const raw = latin1.decode(b.subarray(start, i + 1));
    this.pos = i + 1;
    const end = raw.startsWith('</');
    const m = /^<\/?([^\s/>]+)/.exec(raw);
    if (!m?.[1]) throw this.error('tag without a name');
    return { qname: m[1], end, selfClosing: !end && raw.endsWith('/>'), start, raw };
  }
}
