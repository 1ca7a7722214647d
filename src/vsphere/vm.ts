import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { VimClient } from './client.js';
import type { SoapObject } from './encode.js';
import { guestIdentity, type GuestIdentity } from './guest.js';
import { retrieveContainer, retrieveOne } from './property-collector.js';
import { waitForTask, type WaitOptions } from './tasks.js';
import type { CallOptions, MoRef } from './types.js';
import { asMoRef, asString, refOf, returnRef } from './values.js';
import { child } from './xml.js';

/** Every VM or template named `name` (names are unique per folder only). */
export async function findVmsByName(
  client: VimClient,
  name: string,
  opts: CallOptions = {},
): Promise<MoRef[]> {
  const out: MoRef[] = [];
  for await (const o of retrieveContainer(client, {
    ...opts,
    type: 'VirtualMachine',
    pathSet: ['name'],
  })) {
    if (o.props.get('name') === name) out.push(o.obj);
  }
  return out;
}

/** `SearchIndex.FindByInventoryPath` (`DC0/vm/folder/name`); undefined when nothing is there. */
export async function findByInventoryPath(
  client: VimClient,
  path: string,
  opts: CallOptions = {},
): Promise<MoRef | undefined> {
  const res = await client.invoke(
    'FindByInventoryPath',
    client.serviceContent.searchIndex,
    [['inventoryPath', path]],
    opts,
  );
  return refOf(child(res, 'returnval'));
}

export interface CloneOptions extends WaitOptions {
  readonly folder: MoRef;
  readonly name: string;
  /** Resource pool for the clone; required when cloning a template. */
  readonly pool?: MoRef;
  readonly host?: MoRef;
  readonly template?: boolean;
  readonly powerOn?: boolean;
}

/** `VirtualMachine.CloneVM_Task` (VirtualMachineCloneSpec: location, template, powerOn); returns the new VM. */
export async function cloneVm(client: VimClient, vm: MoRef, o: CloneOptions): Promise<MoRef> {
  const spec: SoapObject = {
    location: { pool: o.pool, host: o.host },
    template: o.template ?? false,
    powerOn: o.powerOn ?? false,
  };
  const res = await client.invoke(
    'CloneVM_Task',
    vm,
    [
      ['folder', o.folder],
      ['name', o.name],
      ['spec', spec],
    ],
    o,
  );
  const result = asMoRef(await waitForTask(client, returnRef(res), o));
  if (!result) throw new AppError(ErrorCode.VsphereFault, `clone of ${vm.value} returned no VM`);
  return result;
}

export async function markAsTemplate(
  client: VimClient,
  vm: MoRef,
  opts: CallOptions = {},
): Promise<void> {
  await client.invoke('MarkAsTemplate', vm, [], opts);
}

/** `VirtualMachine.MarkAsVirtualMachine`: a template becomes a VM again, in `pool`. */
export async function markAsVirtualMachine(
  client: VimClient,
  vm: MoRef,
  pool: MoRef,
  host?: MoRef,
  opts: CallOptions = {},
): Promise<void> {
  await client.invoke(
    'MarkAsVirtualMachine',
    vm,
    [
      ['pool', pool],
      ['host', host],
    ],
    opts,
  );
}

export async function powerOn(client: VimClient, vm: MoRef, opts: WaitOptions = {}): Promise<void> {
  await waitForTask(client, returnRef(await client.invoke('PowerOnVM_Task', vm, [], opts)), opts);
}

export async function powerOff(
  client: VimClient,
  vm: MoRef,
  opts: WaitOptions = {},
): Promise<void> {
  await waitForTask(client, returnRef(await client.invoke('PowerOffVM_Task', vm, [], opts)), opts);
}

/** `ManagedEntity.Rename_Task`. */
export async function rename(
  client: VimClient,
  entity: MoRef,
  newName: string,
  opts: WaitOptions = {},
): Promise<void> {
  await waitForTask(
    client,
    returnRef(await client.invoke('Rename_Task', entity, [['newName', newName]], opts)),
    opts,
  );
}

/** `Folder.MoveIntoFolder_Task`. */
export async function moveIntoFolder(
  client: VimClient,
  folder: MoRef,
  entities: readonly MoRef[],
  opts: WaitOptions = {},
): Promise<void> {
  const res = await client.invoke('MoveIntoFolder_Task', folder, [['list', [...entities]]], opts);
  await waitForTask(client, returnRef(res), opts);
}

export const guestPaths = [
  'guest.guestId',
  'guest.guestFamily',
  'guest.guestFullName',
  'guest.hostName',
  'guest.ipAddress',
  'guest.net',
  'guest.toolsRunningStatus',
] as const;

export async function readGuest(
  client: VimClient,
  vm: MoRef,
  opts: CallOptions = {},
): Promise<GuestIdentity> {
  return guestIdentity(await retrieveOne(client, vm, guestPaths, opts));
}

/**
 * Polls `guest.toolsRunningStatus` until `guestToolsRunning`; throws TIMEOUT after `timeoutMs`.
 * Useful after a power-on before any in-guest work.
 */
export async function waitForGuestTools(
  client: VimClient,
  vm: MoRef,
  timeoutMs: number,
  opts: CallOptions & { readonly pollMs?: number } = {},
): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  for (;;) {
    const props = await retrieveOne(client, vm, ['guest.toolsRunningStatus'], { signal });
    if (asString(props.get('guest.toolsRunningStatus')) === 'guestToolsRunning') return;
    try {
      await sleep(opts.pollMs ?? 500, undefined, { signal });
    } catch (e) {
      if (deadline.aborted) {
        throw new AppError(
          ErrorCode.Timeout,
          `VMware Tools not running in ${vm.value} after ${timeoutMs} ms`,
          { cause: e, retryable: true },
        );
      }
      throw new AppError(ErrorCode.Aborted, 'waiting for VMware Tools aborted', { cause: e });
    }
  }
}
