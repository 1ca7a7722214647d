import type { MoRef, VimObject, VimValue } from './types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { child, xsiType, type XmlElement } from './xml.js';

const numberTypes = new Set(['int', 'long', 'short', 'byte', 'double', 'float']);

/**
 * Decodes one vim25 element into a plain value. The rules follow the SOAP encoding vCenter uses:
 * `ArrayOfX` holds repeated items; an element with a `type` attribute and no child elements is a
 * ManagedObjectReference; otherwise child elements are fields, and a field seen twice is an array.
 */
export function decodeValue(el: XmlElement): VimValue {
  const type = xsiType(el);
  if (type?.startsWith('ArrayOf')) return el.children.map(decodeValue);
  if (el.children.length === 0) {
    const refType = el.attrs.get('type');
    if (refType !== undefined) return { type: refType, value: el.text.trim() };
    if (type === 'boolean') return el.text.trim() === 'true';
    if (type !== undefined && numberTypes.has(type)) return Number(el.text.trim());
    return el.text;
  }
  const fields = new Map<string, VimValue[]>();
  for (const c of el.children) {
    const seen = fields.get(c.name.local);
    if (seen) seen.push(decodeValue(c));
    else fields.set(c.name.local, [decodeValue(c)]);
  }
  const out: Record<string, VimValue> = {};
  if (type !== undefined) out._type = type;
  for (const [k, vs] of fields) out[k] = vs.length === 1 ? vs[0]! : vs;
  return out;
}

/** A field that may repeat: always an array (absent → empty). */
export function list(v: VimValue | undefined): readonly VimValue[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as readonly VimValue[]) : [v];
}

export function asObject(v: VimValue | undefined): VimObject | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  return v as VimObject;
}

export function asString(v: VimValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function asNumber(v: VimValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function asBoolean(v: VimValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function asMoRef(v: VimValue | undefined): MoRef | undefined {
  const o = asObject(v);
  if (
    o &&
    typeof o.type === 'string' &&
    typeof o.value === 'string' &&
    Object.keys(o).length === 2
  ) {
    return o as unknown as MoRef;
  }
  return undefined;
}

/** Reads a reference child element, e.g. `<returnval type="Task">task-7</returnval>`. */
export function refOf(el: XmlElement | undefined): MoRef | undefined {
  if (!el) return undefined;
  const type = el.attrs.get('type');
  return type === undefined ? undefined : { type, value: el.text.trim() };
}

/** The `returnval` reference of a response (a Task, a view, a collector); throws if absent. */
export function returnRef(res: XmlElement): MoRef {
  const r = refOf(child(res, 'returnval'));
  if (!r) throw new AppError(ErrorCode.VsphereFault, `${res.name.local} returned no reference`);
  return r;
}
