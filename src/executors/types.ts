/**
 * Executors: the only code that changes machines (DESIGN.md "executors"). Every call takes an
 * AbortSignal; every change is recorded in the audit log. This file declares the minimal
 * contracts; each executor lives in its own folder (`vsphere/`, `ssh/` …).
 */

export interface ExecOptions {
  readonly signal?: AbortSignal;
  /** Why the change is made (a rollout id, a change request), kept in the audit record. */
  readonly reason?: string;
}

/** One audit record; structurally the store's `AuditInput`, so the store's log plugs in. */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  readonly object: string;
  readonly reason?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Where executors write what they did. */
export interface AuditSink {
  append(record: AuditRecord): Promise<unknown>;
}

/** Explicit lifecycle: connect once, run operations, close (STYLE §4.2 rule 13). */
export interface Executor {
  readonly id: string;
  connect(opts?: ExecOptions): Promise<void>;
  close(): Promise<void>;
}

/** A virtual machine or template, by the hypervisor's own id (a vSphere moref value). */
export interface VmHandle {
  readonly id: string;
  readonly name?: string;
}

export interface SnapshotHandle {
  readonly id: string;
  readonly name: string;
}

/** What an operation did: `changed: false` when the target already was in the wanted state. */
export interface OpResult<T = undefined> {
  readonly changed: boolean;
  readonly value: T;
}

export interface CloneRequest {
  /** Name of the new VM; unique in its folder. */
  readonly name: string;
  /** Inventory path of the target folder, e.g. `DC0/vm/builds`. */
  readonly folder: string;
  /** Inventory path of the resource pool, e.g. `DC0/host/DC0_H0/Resources`. */
  readonly pool: string;
  readonly powerOn?: boolean;
}

/**
 * VM operations remediation needs. Each one is idempotent under retry: a repeated request
 * returns the existing result (`changed: false`) instead of acting twice.
 */
export interface VmOperations extends Executor {
  snapshot(
    vm: VmHandle,
    name: string,
    opts?: ExecOptions & { readonly description?: string },
  ): Promise<OpResult<SnapshotHandle>>;
  revertToSnapshot(vm: VmHandle, name: string, opts?: ExecOptions): Promise<OpResult>;
  removeSnapshot(vm: VmHandle, name: string, opts?: ExecOptions): Promise<OpResult>;
  cloneFromTemplate(
    template: VmHandle,
    req: CloneRequest,
    opts?: ExecOptions,
  ): Promise<OpResult<VmHandle>>;
  markAsTemplate(vm: VmHandle, opts?: ExecOptions): Promise<OpResult>;
  /** `pool`: inventory path of the resource pool the VM runs in again. */
  markAsVirtualMachine(vm: VmHandle, pool: string, opts?: ExecOptions): Promise<OpResult>;
  rename(vm: VmHandle, newName: string, opts?: ExecOptions): Promise<OpResult>;
  /** `folder`: inventory path of the target folder. */
  move(vm: VmHandle, folder: string, opts?: ExecOptions): Promise<OpResult>;
  powerOn(vm: VmHandle, opts?: ExecOptions): Promise<OpResult>;
  powerOff(vm: VmHandle, opts?: ExecOptions): Promise<OpResult>;
  waitForGuestTools(vm: VmHandle, timeoutMs: number, opts?: ExecOptions): Promise<void>;
  /** Finds VMs and templates by name (names are unique per folder only). */
  findByName(name: string, opts?: ExecOptions): Promise<readonly VmHandle[]>;
}
