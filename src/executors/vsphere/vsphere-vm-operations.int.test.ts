import { describe, expect, it } from 'vitest';
import {
  startVcsim,
  VCSIM_PASSWORD,
  VCSIM_USER,
  type Vcsim,
} from '../../../test/peers/vcsim/vcsim.js';
import { fixedClock } from '../../domain/clock.js';
import { runVmOperationsConformance, type VmOperationsFixture } from '../conformance.js';
import type { AuditRecord, VmOperations } from '../types.js';
import { capabilities, create, id } from './index.js';

// The vsphere executor against govmomi's simulator: the shared conformance suite, then what is
// specific to vSphere (audit object ids, waiting for VMware Tools).
const audit: AuditRecord[] = [];
let sim: Vcsim | undefined;
let ops: VmOperations;

async function setup(): Promise<VmOperationsFixture> {
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
  const template = (await ops.findByName('DC0_H0_VM0'))[0]!;
  return {
    ops,
    template,
    folder: 'DC0/vm',
    pool: 'DC0/host/DC0_H0/Resources',
    audit,
    teardown: async () => {
      await ops.close();
      await sim?.stop();
    },
  };
}

describe('executors/vsphere', () => {
  it('declares its id and capabilities', () => {
    expect(id).toBe('vsphere');
    expect(capabilities.snapshots).toBe(true);
  });

  runVmOperationsConformance('vsphere on vcsim', setup);

  describe('specific to vSphere', () => {
    it('names the VM by connection and moref in audit records', () => {
      expect(audit[0]).toMatchObject({
        actor: 'patchline',
        action: 'vsphere.clone',
        object: expect.stringMatching(/^vm:lab\/vm-\d+$/),
      });
      expect(audit.map((a) => a.action)).toContain('vsphere.template.unmark');
    });
  });
});
