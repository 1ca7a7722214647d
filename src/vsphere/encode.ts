import { isMoRef, type MoRef } from './types.js';
import { escapeXml, NS } from './xml.js';

/**
 * A request argument. Objects are written field by field in insertion order, which must follow
 * the vim25 XSD sequence (vCenter rejects out-of-order fields). `$type` becomes `xsi:type`.
 * `undefined` fields are left out; arrays repeat the element.
 */
export type SoapArg =
  string | number | boolean | MoRef | SoapObject | readonly SoapArg[] | undefined;
export interface SoapObject {
  readonly $type?: string;
  readonly [field: string]: SoapArg;
}

/** Writes `<name>…</name>` for one argument. */
export function encodeArg(name: string, v: SoapArg): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return (v as readonly SoapArg[]).map((x) => encodeArg(name, x)).join('');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    return `<${name}>${escapeXml(String(v))}</${name}>`;
  }
  if (isMoRef(v)) return `<${name} type="${escapeXml(v.type)}">${escapeXml(v.value)}</${name}>`;
  const obj = v as SoapObject;
  const typeAttr = obj.$type === undefined ? '' : ` xsi:type="${escapeXml(obj.$type)}"`;
  let inner = '';
  for (const [k, fv] of Object.entries(obj)) {
    if (k !== '$type') inner += encodeArg(k, fv);
  }
  return `<${name}${typeAttr}>${inner}</${name}>`;
}

/** A complete SOAP 1.1 envelope calling `method` on `_this` (vim25 namespace as default). */
export function envelope(
  method: string,
  self: MoRef,
  args: readonly (readonly [string, SoapArg])[],
): string {
  let body = encodeArg('_this', self);
  for (const [k, v] of args) body += encodeArg(k, v);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${NS.soapenv}" xmlns:xsd="${NS.xsd}" xmlns:xsi="${NS.xsi}">` +
    `<soapenv:Body><${method} xmlns="${NS.vim25}">${body}</${method}></soapenv:Body></soapenv:Envelope>`
  );
}
