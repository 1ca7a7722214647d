import { AppError, ErrorCode } from '../domain/errors.js';
import type { VimValue } from './types.js';
import { asObject, asString, decodeValue } from './values.js';
import { child, NS, parseXml, xsiType, type XmlElement } from './xml.js';

/** vim25 fault types and the stable code each becomes; subtypes of InvalidState included. */
const faultCodes: Readonly<Record<string, ErrorCode>> = {
  InvalidLogin: ErrorCode.VsphereLoginFailed,
  NotAuthenticated: ErrorCode.VsphereNotAuthenticated,
  ManagedObjectNotFound: ErrorCode.VsphereObjectNotFound,
  InvalidState: ErrorCode.VsphereInvalidState,
  InvalidPowerState: ErrorCode.VsphereInvalidState,
  InvalidVmState: ErrorCode.VsphereInvalidState,
  TaskInProgress: ErrorCode.VsphereInvalidState,
  InvalidHostState: ErrorCode.VsphereInvalidState,
  NotSupported: ErrorCode.VsphereInvalidState,
};

/** Fault type names retrying the same call may cure. */
const retryableFaults = new Set(['TaskInProgress', 'HostCommunication', 'SystemError']);

/** The fault type of a `<detail>` entry or a `LocalizedMethodFault.fault` value. */
function faultType(detail: XmlElement | undefined): string | undefined {
  if (!detail) return undefined;
  return xsiType(detail) ?? detail.name.local.replace(/Fault$/, '');
}

export function faultError(
  type: string | undefined,
  message: string,
  details: VimValue | undefined,
): AppError {
  const code = (type === undefined ? undefined : faultCodes[type]) ?? ErrorCode.VsphereFault;
  const name = type ?? 'UnknownFault';
  return new AppError(code, message ? `${name}: ${message}` : name, {
    retryable: type !== undefined && retryableFaults.has(type),
    details: { fault: name, ...(details === undefined ? {} : { detail: details }) },
  });
}

/**
 * Reads a SOAP response. Returns the method's response element, or throws the mapped AppError
 * for a SOAP fault (SOAP 1.1 §4.4; vim25 puts the typed fault in `detail`).
 */
export function readResponse(xml: string, status: number): XmlElement {
  if (xml.trim() === '') {
    throw new AppError(ErrorCode.VsphereFault, `HTTP ${status} with an empty body`, {
      retryable: status >= 500,
      details: { status },
    });
  }
  const env = parseXml(xml);
  const body = env.children.find((c) => c.name.ns === NS.soapenv && c.name.local === 'Body');
  const first = body?.children[0];
  if (!first) {
    throw new AppError(ErrorCode.VsphereFault, `HTTP ${status}: SOAP response without a body`);
  }
  if (first.name.ns === NS.soapenv && first.name.local === 'Fault') {
    const detailEntry = child(first, 'detail')?.children[0];
    const type = faultType(detailEntry);
    throw faultError(
      type,
      child(first, 'faultstring')?.text ?? '',
      detailEntry && decodeValue(detailEntry),
    );
  }
  return first;
}

/** Maps a task's `info.error` (a LocalizedMethodFault) to an error carrying its message. */
export function taskError(error: VimValue | undefined, taskId: string): AppError {
  const e = asObject(error);
  const fault = asObject(e?.fault);
  const type = fault?._type;
  const message = asString(e?.localizedMessage) ?? '';
  const base = faultError(type, message, fault);
  return new AppError(
    base.code === ErrorCode.VsphereFault ? ErrorCode.VsphereTaskFailed : base.code,
    `task ${taskId} failed: ${base.message}`,
    { retryable: base.retryable, details: { ...base.details, task: taskId } },
  );
}
