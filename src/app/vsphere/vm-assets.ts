import type { DiscoveredVm } from './discover.js';

/** Image version id of a template: change time (compact UTC) and the instance UUID's head. */
export function templateVersion(vm: Pick<DiscoveredVm, 'changeVersion' | 'instanceUuid'>): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(vm.changeVersion);
  const when = m
    ? `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}Z`
    : vm.changeVersion.replace(/[^0-9A-Za-z]/g, '');
  return `${when || 'unversioned'}-${vm.instanceUuid.slice(0, 8)}`;
}

/** Asset name of an image version: `template@version`. */
export const imageAssetName = (template: string, version: string): string =>
  `${template}@${version}`;

/**
 * Asset names for the VMs of one connection. vCenter only keeps names unique per folder, so a
 * name two VMs share gets the VM's moref appended (`web (vm-57)`). A VM keeps the name it was
 * first tracked under, so a later namesake never renames an existing asset.
 */
export function hostAssetNames(
  vms: readonly Pick<DiscoveredVm, 'moref' | 'name'>[],
  tracked: ReadonlyMap<string, string>,
): Map<string, string> {
  const count = new Map<string, number>();
  for (const vm of vms) count.set(vm.name, (count.get(vm.name) ?? 0) + 1);
  const held = new Set<string>();
  const out = new Map<string, string>();
  for (const vm of vms) {
    const previous = tracked.get(vm.moref);
    if (previous !== undefined) {
      out.set(vm.moref, previous);
      held.add(previous);
    }
  }
  for (const vm of vms) {
    if (out.has(vm.moref)) continue;
    const plain = count.get(vm.name) === 1 && !held.has(vm.name);
    const name = plain ? vm.name : `${vm.name} (${vm.moref})`;
    out.set(vm.moref, name);
    held.add(name);
  }
  return out;
}

/** Attribute names copied to plain labels (policy tier hints); others become `vsphere.attr.NAME`. */
const plainLabelAttributes = new Set(['env', 'app', 'owner', 'tier']);

export function labelsOf(connection: string, vm: DiscoveredVm): Record<string, string> {
  const labels: Record<string, string> = {
    'vsphere.connection': connection,
    'vsphere.datacenter': vm.datacenter,
    'vsphere.folder': vm.folderPath,
    'vsphere.moref': vm.moref,
    // The asset keeps the name it was first tracked under; this is the name vCenter shows now.
    'vsphere.name': vm.name,
    'vsphere.instanceUuid': vm.instanceUuid,
  };
  if (vm.resourcePool) labels['vsphere.pool'] = vm.resourcePool;
  if (vm.powerState) labels['vsphere.powerState'] = vm.powerState;
  if (vm.guest.hostName) labels['vsphere.hostName'] = vm.guest.hostName;
  for (const [k, v] of Object.entries(vm.attributes)) {
    if (k.startsWith('patchline.')) continue;
    labels[plainLabelAttributes.has(k.toLowerCase()) ? k.toLowerCase() : `vsphere.attr.${k}`] = v;
  }
  const byCategory = new Map<string, string[]>();
  for (const t of vm.tags ?? []) {
    byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t.name]);
  }
  for (const [category, names] of byCategory) {
    labels[`vsphere.tag.${category}`] = names.sort().join(',');
  }
  return labels;
}
