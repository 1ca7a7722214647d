/** A managed object reference (vSphere Web Services API, `ManagedObjectReference`). */
export interface MoRef {
  readonly type: string;
  readonly value: string;
}

export function moRef(type: string, value: string): MoRef {
  return { type, value };
}

export function isMoRef(v: unknown): v is MoRef {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return (
    keys.length === 2 &&
    typeof (v as MoRef).type === 'string' &&
    typeof (v as MoRef).value === 'string'
  );
}

/**
 * A decoded vim25 data value: primitives, references, arrays, and data objects. A data object
 * keeps its `xsi:type` under `_type` when the server sent one.
 */
export type VimValue = string | number | boolean | MoRef | VimObject | readonly VimValue[];
export interface VimObject {
  readonly _type?: string;
  readonly [field: string]: VimValue | undefined;
}

/** The subset of `ServiceContent` Patchline uses. */
export interface ServiceContent {
  readonly rootFolder: MoRef;
  readonly propertyCollector: MoRef;
  readonly viewManager: MoRef;
  readonly sessionManager: MoRef;
  readonly eventManager: MoRef;
  readonly customFieldsManager: MoRef;
  readonly searchIndex: MoRef;
  readonly about: {
    readonly fullName: string;
    readonly apiVersion: string;
    readonly instanceUuid: string;
  };
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}
