import type { VimClient } from './client.js';
import { retrieveOne } from './property-collector.js';
import { waitForTask, type WaitOptions } from './tasks.js';
import type { CallOptions, MoRef, VimValue } from './types.js';
import { asMoRef, asNumber, asObject, asString, list, returnRef } from './values.js';

/** One node of `VirtualMachine.snapshot.rootSnapshotList`, flattened. */
export interface SnapshotInfo {
  readonly snapshot: MoRef;
  readonly name: string;
  readonly id: number;
  readonly description: string;
  readonly createTime: string;
  readonly parent?: MoRef;
}

function flatten(nodes: readonly VimValue[], parent: MoRef | undefined, out: SnapshotInfo[]): void {
  for (const n of nodes) {
    const o = asObject(n);
    const snapshot = asMoRef(o?.snapshot);
    if (!o || !snapshot) continue;
    const info = {
      snapshot,
      name: asString(o.name) ?? '',
      id: asNumber(o.id) ?? 0,
      description: asString(o.description) ?? '',
      createTime: asString(o.createTime) ?? '',
    };
    out.push(parent ? { ...info, parent } : info);
    flatten(list(o.childSnapshotList), snapshot, out);
  }
}

/** Every snapshot of `vm`, parents before children. */
export async function listSnapshots(
  client: VimClient,
  vm: MoRef,
  opts: CallOptions = {},
): Promise<SnapshotInfo[]> {
  const props = await retrieveOne(client, vm, ['snapshot'], opts);
  const out: SnapshotInfo[] = [];
  flatten(list(asObject(props.get('snapshot'))?.rootSnapshotList), undefined, out);
  return out;
}

export interface SnapshotSpec {
  readonly name: string;
  readonly description?: string;
  readonly memory?: boolean;
  readonly quiesce?: boolean;
}

/** `VirtualMachine.CreateSnapshot_Task`; returns the new snapshot. */
export async function createSnapshot(
  client: VimClient,
  vm: MoRef,
  spec: SnapshotSpec,
  opts: WaitOptions = {},
): Promise<MoRef> {
  const res = await client.invoke(
    'CreateSnapshot_Task',
    vm,
    [
      ['name', spec.name],
      ['description', spec.description ?? ''],
      ['memory', spec.memory ?? false],
      ['quiesce', spec.quiesce ?? false],
    ],
    opts,
  );
  const result = await waitForTask(client, returnRef(res), opts);
  return asMoRef(result) ?? { type: 'VirtualMachineSnapshot', value: asString(result) ?? '' };
}

/** `VirtualMachineSnapshot.RevertToSnapshot_Task`. */
export async function revertToSnapshot(
  client: VimClient,
  snapshot: MoRef,
  opts: WaitOptions = {},
): Promise<void> {
  const res = await client.invoke('RevertToSnapshot_Task', snapshot, [], opts);
  await waitForTask(client, returnRef(res), opts);
}

/** `VirtualMachineSnapshot.RemoveSnapshot_Task`; children are kept unless `removeChildren`. */
export async function removeSnapshot(
  client: VimClient,
  snapshot: MoRef,
  removeChildren = false,
  opts: WaitOptions = {},
): Promise<void> {
  const res = await client.invoke(
    'RemoveSnapshot_Task',
    snapshot,
    [
      ['removeChildren', removeChildren],
      ['consolidate', true],
    ],
    opts,
  );
  await waitForTask(client, returnRef(res), opts);
}
