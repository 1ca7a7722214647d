import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipList, type Skip } from '../util/skips.js';
import type { AuditRecord, OpResult, VmHandle, VmOperations } from './types.js';

/** What an implementation gives the suite: a connected executor and a template to clone. */
export interface VmOperationsFixture {
  readonly ops: VmOperations;
  readonly template: VmHandle;
  /** Inventory paths the clone goes to. */
  readonly folder: string;
  readonly pool: string;
  /** Audit records the executor wrote, in order. */
  readonly audit: readonly AuditRecord[];
  teardown(): Promise<void>;
}

export type { Skip } from '../util/skips.js';

type Op = (o: VmOperations, vm: VmHandle) => Promise<OpResult>;

/**
 * The behaviour every `VmOperations` implementation must show (STYLE §4.2 rule 4): each
 * operation acts once and is a no-op on retry, and every call is audited. Run it from an
 * implementation's test file; skipped tests carry a reason.
 */
export function runVmOperationsConformance(
  name: string,
  setup: () => Promise<VmOperationsFixture>,
  skip: readonly Skip[] = [],
): void {
  const skips = skipList(skip);
  const test = (title: string, fn: () => Promise<void> | void): void => {
    const reason = skips.reasonFor(title);
    if (reason === undefined) it(title, fn);
    else it.skip(`${title} (skipped: ${reason})`, fn);
  };

  describe(`VmOperations conformance: ${name}`, () => {
    let f: VmOperationsFixture;
    let build: VmHandle;
    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f?.teardown();
    });

    test('clones a template once, however often it is asked', async () => {
      const req = { name: 'conformance-build', folder: f.folder, pool: f.pool };

      const first = await f.ops.cloneFromTemplate(f.template, req, { reason: 'conformance' });
      const retry = await f.ops.cloneFromTemplate(f.template, req, { reason: 'conformance' });
      build = first.value;

      expect(first.changed).toBe(true);
      expect(retry).toEqual({ changed: false, value: first.value });
      expect(await f.ops.findByName(req.name)).toHaveLength(1);
    });

    test('snapshots once, reverts, and removes once', async () => {
      const snap = await f.ops.snapshot(build, 'pre-patch', { description: 'before wave 1' });
      const again = await f.ops.snapshot(build, 'pre-patch');
      const revert = await f.ops.revertToSnapshot(build, 'pre-patch');
      const removed = await f.ops.removeSnapshot(build, 'pre-patch');
      const removedAgain = await f.ops.removeSnapshot(build, 'pre-patch');

      expect(snap.changed).toBe(true);
      expect(again).toEqual({ changed: false, value: snap.value });
      expect(revert.changed).toBe(true);
      expect([removed.changed, removedAgain.changed]).toEqual([true, false]);
      await expect(f.ops.revertToSnapshot(build, 'pre-patch')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    const ops: readonly (readonly [string, Op, boolean])[] = [
      ['markAsTemplate', (o, vm) => o.markAsTemplate(vm), true],
      ['markAsVirtualMachine', (o, vm) => o.markAsVirtualMachine(vm, f.pool), true],
      ['powerOn', (o, vm) => o.powerOn(vm), true],
      ['powerOff', (o, vm) => o.powerOff(vm), true],
      ['rename', (o, vm) => o.rename(vm, 'conformance-build-2'), true],
      ['move to its own folder', (o, vm) => o.move(vm, f.folder), false],
    ];
    for (const [op, run, changes] of ops) {
      test(`${op} acts once and is a no-op on retry`, async () => {
        const first = await run(f.ops, build);
        const retry = await run(f.ops, build);

        expect(first.changed).toBe(changes);
        expect(retry.changed).toBe(false);
      });
    }

    test('times out waiting for guest tools on a fresh clone that has none running', async () => {
      await f.ops.powerOn(build);

      await expect(f.ops.waitForGuestTools(build, 50)).rejects.toMatchObject({ code: 'TIMEOUT' });
    });

    test('records every call, changed or not, in the audit log', () => {
      const actions = f.audit.map((a) => String(a.details?.changed));

      expect(f.audit.length).toBeGreaterThanOrEqual(4 + 2 * ops.length);
      expect(actions.slice(0, 2)).toEqual(['true', 'false']);
      expect(f.audit[0]).toMatchObject({ reason: 'conformance' });
    });

    it('skips only tests the suite has', () => {
      expect(skips.unknown()).toEqual([]);
    });
  });
}
