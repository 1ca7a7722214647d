import type { Clock } from '../../domain/clock.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import {
  connectVim,
  findVmsByName,
  waitForGuestTools,
  type VimClient,
  type VimClientOptions,
} from '../../vsphere/index.js';
import type { AuditSink, ExecOptions, OpResult, VmHandle, VmOperations } from '../types.js';
import {
  cloneStep,
  markTemplateStep,
  moveStep,
  powerStep,
  removeSnapshotStep,
  renameStep,
  revertStep,
  snapshotStep,
  unmarkTemplateStep,
  vmRef,
} from './vsphere-vm-steps.js';

export interface VsphereExecutorOptions {
  /** Connection name, used in audit object ids (`vm:<connection>/<moref>`). */
  readonly connection: string;
  readonly client: VimClientOptions;
  readonly audit: AuditSink;
  readonly clock: Clock;
  /** Who acts, for the audit log. @default 'patchline' */
  readonly actor?: string;
}

/**
 * VM operations on vCenter through the vim25 client. Each operation first reads the current
 * state and acts only when needed, so a retry after a lost answer does not act twice; each
 * call, changed or not, is appended to the audit log as `vsphere.<action>`.
 */
export function createVsphereVmOperations(o: VsphereExecutorOptions): VmOperations {
  let client: VimClient | undefined;
  const vim = (): VimClient => {
    if (!client) throw new AppError(ErrorCode.Internal, 'vsphere executor used before connect()');
    return client;
  };
  const run = <T>(
    action: string,
    vm: VmHandle,
    opts: ExecOptions,
    step: (c: VimClient) => Promise<OpResult<T>>,
  ): Promise<OpResult<T>> => audited(o, action, vm, opts, () => step(vim()));

  return {
    id: 'vsphere',
    async connect(opts = {}) {
      client ??= await connectVim(o.client, opts);
    },
    async close() {
      await client?.close();
      client = undefined;
    },
    snapshot: (vm, name, opts = {}) =>
      run('snapshot.create', vm, opts, (c) => snapshotStep(c, vm, name, opts)),
    revertToSnapshot: (vm, name, opts = {}) =>
      run('snapshot.revert', vm, opts, (c) => revertStep(c, vm, name, opts)),
    removeSnapshot: (vm, name, opts = {}) =>
      run('snapshot.remove', vm, opts, (c) => removeSnapshotStep(c, vm, name, opts)),
    cloneFromTemplate: (tpl, req, opts = {}) =>
      run('clone', tpl, opts, (c) => cloneStep(c, tpl, req, opts)),
    markAsTemplate: (vm, opts = {}) =>
      run('template.mark', vm, opts, (c) => markTemplateStep(c, vm, opts)),
    markAsVirtualMachine: (vm, pool, opts = {}) =>
      run('template.unmark', vm, opts, (c) => unmarkTemplateStep(c, vm, pool, opts)),
    rename: (vm, newName, opts = {}) =>
      run('rename', vm, opts, (c) => renameStep(c, vm, newName, opts)),
    move: (vm, folder, opts = {}) => run('move', vm, opts, (c) => moveStep(c, vm, folder, opts)),
    powerOn: (vm, opts = {}) => run('power.on', vm, opts, (c) => powerStep(c, vm, true, opts)),
    powerOff: (vm, opts = {}) => run('power.off', vm, opts, (c) => powerStep(c, vm, false, opts)),
    waitForGuestTools: (vm, timeoutMs, opts = {}) =>
      waitForGuestTools(vim(), vmRef(vm), timeoutMs, opts),
    async findByName(name, opts = {}) {
      return (await findVmsByName(vim(), name, opts)).map((r) => ({ id: r.value, name }));
    },
  };
}

async function audited<T>(
  o: VsphereExecutorOptions,
  action: string,
  vm: VmHandle,
  opts: ExecOptions,
  step: () => Promise<OpResult<T>>,
): Promise<OpResult<T>> {
  const result = await step();
  await o.audit.append({
    actor: o.actor ?? 'patchline',
    action: `vsphere.${action}`,
    object: `vm:${o.connection}/${vm.id}`,
    reason: opts.reason ?? null,
    details: {
      changed: result.changed,
      at: o.clock.now().toISOString(),
      ...(vm.name ? { name: vm.name } : {}),
    },
  });
  return result;
}
