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

/** Attribute names copied to plain labels (policy tier hints); others become `vsphere.attr.NAME`. */
const plainLabelAttributes = new Set(['env', 'app', 'owner', 'tier']);

export function labelsOf(connection: string, vm: DiscoveredVm): Record<string, string> {
  const labels: Record<string, string> = {
    'vsphere.connection': connection,
    'vsphere.datacenter': vm.datacenter,
    'vsphere.folder': vm.folderPath,
    'vsphere.moref': vm.moref,
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
