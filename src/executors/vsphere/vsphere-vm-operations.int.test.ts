import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVcsim,
  VCSIM_PASSWORD,
  VCSIM_USER,
  type Vcsim,
} from '../../../test/peers/vcsim/vcsim.js';
import { fixedClock } from '../../domain/clock.js';
import type { AuditRecord, OpResult, VmHandle, VmOperations } from '../types.js';
import { capabilities, create, id } from './index.js';

type Op = (o: VmOperations, vm: VmHandle) => Promise<OpResult>;

// The vsphere executor against govmomi's simulator: each operation twice, to show that a
// retry does not act again, and every call in the audit log.
describe('executors/vsphere', () => {
  let sim: Vcsim;
  let ops: VmOperations;
  let template: VmHandle;
  let build: VmHandle;
  const audit: AuditRecord[] = [];

  beforeAll(async () => {
    sim = await startVcsim({ port: 18991, templates: ['DC0_H0_VM0'] });
    ops = create({
      connection: 'lab',
      client: {
        url: sim.url,
        username: VCSIM_USER,
        password: VCSIM_PASSWORD,
        tls: { kind: 'thumbprint', sha256: sim.thumbprint },
      },
      audit: {
        append: (r) => {
          audit.push(r);
          return Promise.resolve();
        },
      },
      clock: fixedClock('2026-11-27T12:00:00Z'),
    });
    await ops.connect();
    template = (await ops.findByName('DC0_H0_VM0'))[0]!;
  });
  afterAll(async () => {
    await ops?.close();
    await sim?.stop();
  });

  it('declares its id and capabilities', () => {
    expect(id).toBe('vsphere');
    expect(capabilities.snapshots).toBe(true);
  });

  it('clones a template to a build VM once, however often it is asked', async () => {
    const req = { name: 'build-7', folder: 'DC0/vm', pool: 'DC0/host/DC0_H0/Resources' };

    const first = await ops.cloneFromTemplate(template, req, { reason: 'rebuild tpl' });
    const retry = await ops.cloneFromTemplate(template, req, { reason: 'rebuild tpl' });
    build = first.value;

    expect(first.changed).toBe(true);
    expect(retry).toEqual({ changed: false, value: first.value });
    expect(await ops.findByName('build-7')).toHaveLength(1);
  });

  it('takes a snapshot once, reverts to it, and removes it once', async () => {
    const snap = await ops.snapshot(build, 'pre-patch', { description: 'before wave 1' });
    const again = await ops.snapshot(build, 'pre-patch');
    const revert = await ops.revertToSnapshot(build, 'pre-patch');
    const removed = await ops.removeSnapshot(build, 'pre-patch');
    const removedAgain = await ops.removeSnapshot(build, 'pre-patch');

    expect(snap.changed).toBe(true);
    expect(again).toEqual({ changed: false, value: snap.value });
    expect(revert.changed).toBe(true);
    expect([removed.changed, removedAgain.changed]).toEqual([true, false]);
    await expect(ops.revertToSnapshot(build, 'pre-patch')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it.each`
    op                  | run
    ${'markAsTemplate'} | ${(o: VmOperations, vm: VmHandle) => o.markAsTemplate(vm)}
    ${'markAsVM'}       | ${(o: VmOperations, vm: VmHandle) => o.markAsVirtualMachine(vm, 'DC0/host/DC0_H0/Resources')}
    ${'powerOn'}        | ${(o: VmOperations, vm: VmHandle) => o.powerOn(vm)}
    ${'powerOff'}       | ${(o: VmOperations, vm: VmHandle) => o.powerOff(vm)}
    ${'rename'}         | ${(o: VmOperations, vm: VmHandle) => o.rename(vm, 'build-7b')}
    ${'move'}           | ${(o: VmOperations, vm: VmHandle) => o.move(vm, 'DC0/vm')}
  `('$op acts once and is a no-op on retry', async ({ op, run }: { op: string; run: Op }) => {
    const first = await run(ops, build);
    const retry = await run(ops, build);

    expect(first.changed).toBe(op !== 'move');
    expect(retry.changed).toBe(false);
  });

  it('waits for VMware Tools after power-on', async () => {
    await ops.powerOn(build);

    await expect(ops.waitForGuestTools(build, 50)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('records every call, changed or not, in the audit log', () => {
    const actions = audit.map((a) => `${a.action}:${String(a.details?.changed)}`);

    expect(actions.slice(0, 4)).toEqual([
      'vsphere.clone:true',
      'vsphere.clone:false',
      'vsphere.snapshot.create:true',
      'vsphere.snapshot.create:false',
    ]);
    expect(audit[0]).toMatchObject({
      actor: 'patchline',
      object: `vm:lab/${template.id}`,
      reason: 'rebuild tpl',
    });
    expect(actions).toContain('vsphere.template.mark:false');
    expect(actions).toContain('vsphere.move:false');
  });
});
