import { invalidDocument } from '../common/document.js';
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

/** Largest single item parsed into a tree; a whole feed is never held as one. */
export const maxItemChars = 4 * 1024 * 1024;

/**
 * Splits an OVAL 5 definitions document (`oval_definitions` → section → item, OVAL Language
 * Specification 5.11.2 §4.1) into items without building a tree of the whole document. Each item
 * is parsed on demand by `parseXml` (DTD refused, entities limited), so memory beyond the text is
 * one item's tree at a time; items larger than `maxItemChars` are refused.
 */
export function scanOval(text: string, name: string): SectionItem[] {
  const s = new Scanner(text, name);
  const root = s.nextTag();
  if (!root || root.end || localName(root.qname) !== 'oval_definitions') {
    throw invalidDocument(name, 'is not an OVAL definitions document (no <oval_definitions>)');
  }
  if (root.selfClosing) return [];
  const wrapOpen = `<w ${nsDeclarations(root.raw)}>`;
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
      if (stop - start > maxItemChars) {
        throw s.error(`has an item at line ${line} larger than ${maxItemChars} characters`);
      }
      items.push({
        section,
        line,
        element: () => {
          const wrapped = parseXml(`${wrapOpen}${text.slice(start, stop)}</w>`, `${name}:${line}`);
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

class Scanner {
  pos = 0;
  private lineCount = 1;
  private linePos = 0;

  private readonly text: string;
  private readonly name: string;

  constructor(text: string, name: string) {
    this.text = text;
    this.name = name;
  }

  /** Next start or end tag, skipping text, comments, CDATA and processing instructions. */
  nextTag(): Tag | undefined {
    const t = this.text;
    for (;;) {
      const lt = t.indexOf('<', this.pos);
      if (lt < 0) {
        this.pos = t.length;
        return undefined;
      }
      this.pos = lt;
      if (t.startsWith('<!--', lt)) this.skipPast('-->');
      else if (t.startsWith('<![CDATA[', lt)) this.skipPast(']]>');
      else if (t.startsWith('<?', lt)) this.skipPast('?>');
      else if (t.startsWith('<!', lt)) {
        throw invalidDocument(this.name, 'declares a DTD (<!DOCTYPE>), which is not accepted');
      } else return this.readTag(lt);
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
    for (let i = this.text.indexOf('\n', this.linePos); i >= 0 && i < offset;) {
      this.lineCount++;
      this.linePos = i + 1;
      i = this.text.indexOf('\n', this.linePos);
    }
    return this.lineCount;
  }

  error(why: string): Error {
    const line = this.lineAt(Math.min(this.pos, this.text.length));
    return invalidDocument(this.name, `is not well-formed OVAL XML (${why}; line ${line})`);
  }

  mismatch(closing: string, open: string): Error {
    return this.error(`</${closing}> closes <${open}>`);
  }

  private skipPast(marker: string): void {
    const i = this.text.indexOf(marker, this.pos);
    if (i < 0) throw this.error(`unterminated ${this.text.slice(this.pos, this.pos + 4)}`);
    this.pos = i + marker.length;
  }

  private readTag(lt: number): Tag {
    const t = this.text;
    let i = lt + 1;
    let quote = '';
    for (; i < t.length; i++) {
      const c = t[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      else if (c === '<') throw this.error('"<" inside a tag');
    }
    if (i >= t.length) throw this.error('unterminated tag');
    const raw = t.slice(lt, i + 1);
    this.pos = i + 1;
    const end = raw.startsWith('</');
    const m = /^<\/?([^\s/>]+)/.exec(raw);
    if (!m?.[1]) throw this.error('tag without a name');
    return { qname: m[1], end, selfClosing: !end && raw.endsWith('/>'), start: lt, raw };
  }
}
