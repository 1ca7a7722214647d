import { AppError, ErrorCode } from '../../domain/errors.js';
import {
  asBoolean,
  asMoRef,
  asString,
  cloneVm,
  createSnapshot,
  findByInventoryPath,
  listSnapshots,
  markAsTemplate,
  markAsVirtualMachine,
  moRef,
  moveIntoFolder,
  powerOff,
  powerOn,
  removeSnapshot,
  rename,
  retrieveOne,
  revertToSnapshot,
  type MoRef,
  type VimClient,
  type VimValue,
} from '../../vsphere/index.js';
import type { CloneRequest, ExecOptions, OpResult, SnapshotHandle, VmHandle } from '../types.js';

// Each step reads the current state first and acts only when needed (idempotent under retry).

const unchanged = { changed: false, value: undefined } as const;
const changed = { changed: true, value: undefined } as const;

export const vmRef = (vm: VmHandle): MoRef => moRef('VirtualMachine', vm.id);

async function pathRef(c: VimClient, path: string, opts: ExecOptions): Promise<MoRef> {
  const ref = await findByInventoryPath(c, path, opts);
  if (!ref) throw new AppError(ErrorCode.NotFound, `no inventory object at ${path}`);
  return ref;
}

async function snapshotNamed(
  c: VimClient,
  vm: VmHandle,
  name: string,
  opts: ExecOptions,
): Promise<MoRef | undefined> {
  return (await listSnapshots(c, vmRef(vm), opts)).find((s) => s.name === name)?.snapshot;
}

async function prop(
  c: VimClient,
  vm: VmHandle,
  path: string,
  opts: ExecOptions,
): Promise<VimValue | undefined> {
  return (await retrieveOne(c, vmRef(vm), [path], opts)).get(path);
}

/** A snapshot named `name`; an existing one of that name is returned, not duplicated. */
export async function snapshotStep(
  c: VimClient,
  vm: VmHandle,
  name: string,
  opts: ExecOptions & { readonly description?: string },
): Promise<OpResult<SnapshotHandle>> {
  const existing = await snapshotNamed(c, vm, name, opts);
  if (existing) return { changed: false, value: { id: existing.value, name } };
  const spec = opts.description === undefined ? { name } : { name, description: opts.description };
  const snap = await createSnapshot(c, vmRef(vm), spec, opts);
  return { changed: true, value: { id: snap.value, name } };
}

export async function revertStep(
  c: VimClient,
  vm: VmHandle,
  name: string,
  opts: ExecOptions,
): Promise<OpResult> {
  const snap = await snapshotNamed(c, vm, name, opts);
  if (!snap) throw new AppError(ErrorCode.NotFound, `VM ${vm.id} has no snapshot named ${name}`);
  await revertToSnapshot(c, snap, opts);
  return changed;
}

export async function removeSnapshotStep(
  c: VimClient,
  vm: VmHandle,
  name: string,
  opts: ExecOptions,
): Promise<OpResult> {
  const snap = await snapshotNamed(c, vm, name, opts);
  if (!snap) return unchanged;
  await removeSnapshot(c, snap, false, opts);
  return changed;
}

/** Clones unless `folder/name` already exists (a retried clone finds the first one's VM). */
export async function cloneStep(
  c: VimClient,
  template: VmHandle,
  req: CloneRequest,
  opts: ExecOptions,
): Promise<OpResult<VmHandle>> {
  const existing = await findByInventoryPath(c, `${req.folder}/${req.name}`, opts);
  if (existing) return { changed: false, value: { id: existing.value, name: req.name } };
  const folder = await pathRef(c, req.folder, opts);
  const pool = await pathRef(c, req.pool, opts);
  const vm = await cloneVm(c, vmRef(template), {
    ...opts,
    folder,
    pool,
    name: req.name,
    powerOn: req.powerOn ?? false,
  });
  return { changed: true, value: { id: vm.value, name: req.name } };
}

export async function markTemplateStep(
  c: VimClient,
  vm: VmHandle,
  opts: ExecOptions,
): Promise<OpResult> {
  if (asBoolean(await prop(c, vm, 'config.template', opts)) === true) return unchanged;
  await markAsTemplate(c, vmRef(vm), opts);
  return changed;
}

export async function unmarkTemplateStep(
  c: VimClient,
  vm: VmHandle,
  pool: string,
  opts: ExecOptions,
): Promise<OpResult> {
  if (asBoolean(await prop(c, vm, 'config.template', opts)) === false) return unchanged;
  await markAsVirtualMachine(c, vmRef(vm), await pathRef(c, pool, opts), undefined, opts);
  return changed;
}

export async function renameStep(
  c: VimClient,
  vm: VmHandle,
  newName: string,
  opts: ExecOptions,
): Promise<OpResult> {
  if (asString(await prop(c, vm, 'name', opts)) === newName) return unchanged;
  await rename(c, vmRef(vm), newName, opts);
  return changed;
}

export async function moveStep(
  c: VimClient,
  vm: VmHandle,
  folderPath: string,
  opts: ExecOptions,
): Promise<OpResult> {
  const folder = await pathRef(c, folderPath, opts);
  if (asMoRef(await prop(c, vm, 'parent', opts))?.value === folder.value) return unchanged;
  await moveIntoFolder(c, folder, [vmRef(vm)], opts);
  return changed;
}

export async function powerStep(
  c: VimClient,
  vm: VmHandle,
  on: boolean,
  opts: ExecOptions,
): Promise<OpResult> {
  const want = on ? 'poweredOn' : 'poweredOff';
  if (asString(await prop(c, vm, 'runtime.powerState', opts)) === want) return unchanged;
  await (on ? powerOn(c, vmRef(vm), opts) : powerOff(c, vmRef(vm), opts));
  return changed;
}
