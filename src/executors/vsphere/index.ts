import { createVsphereVmOperations } from './vsphere-vm-operations.js';

export const id = 'vsphere';
export const displayName = 'VMware vSphere (vCenter, vim25 SOAP)';
export const urls = ['https://developer.broadcom.com/xapis/vsphere-web-services-api/latest/'];

/** What this executor can do; shared code reads these instead of branching on `id`. */
export const capabilities = {
  snapshots: true,
  clone: true,
  templates: true,
  power: true,
  guestTools: true,
  runCommand: false,
} as const;

export { createVsphereVmOperations, type VsphereExecutorOptions } from './vsphere-vm-operations.js';
export const create = createVsphereVmOperations;
