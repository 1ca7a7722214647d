import { describe, expect, it } from 'vitest';
import type { DiscoveredVm } from './discover.js';
import { hostAssetNames, labelsOf, templateVersion } from './vm-assets.js';

const vm: DiscoveredVm = {
  moref: 'vm-60',
  name: 'web-1',
  template: false,
  instanceUuid: '12f8928d-f144-5c57-89db-dd2d0902c9fa',
  changeVersion: '2026-11-27T11:02:28.644061127Z',
  folderPath: 'DC0/vm/web',
  datacenter: 'DC0',
  resourcePool: 'DC0_C0/Resources',
  powerState: 'poweredOn',
  guest: { hostName: 'web-1.example', ipAddresses: ['10.0.0.5'] },
  attributes: {
    Env: 'prod',
    owner: 'team-a',
    'backup-policy': 'gold',
    'patchline.clonedFrom': '{}',
  },
  tags: [
    { category: 'app', name: 'shop' },
    { category: 'app', name: 'api' },
    { category: 'zone', name: 'dmz' },
  ],
};

describe('app/vsphere/vm-assets', () => {
  it.each`
    changeVersion                       | version
    ${'2026-11-27T11:02:28.644061127Z'} | ${'20261127T110228Z-12f8928d'}
    ${'2026-11-27T11:02:28Z'}           | ${'20261127T110228Z-12f8928d'}
    ${'change 42'}                      | ${'change42-12f8928d'}
    ${''}                               | ${'unversioned-12f8928d'}
  `('versions a template changed at $changeVersion as $version', ({ changeVersion, version }) => {
    expect(templateVersion({ changeVersion, instanceUuid: vm.instanceUuid })).toBe(version);
  });

  it('labels from folder, pool, power state, tags and custom attributes, leaving out our own', () => {
    expect(labelsOf('lab', vm)).toEqual({
      'vsphere.connection': 'lab',
      'vsphere.datacenter': 'DC0',
      'vsphere.folder': 'DC0/vm/web',
      'vsphere.moref': 'vm-60',
      'vsphere.name': 'web-1',
      'vsphere.instanceUuid': vm.instanceUuid,
      'vsphere.pool': 'DC0_C0/Resources',
      'vsphere.powerState': 'poweredOn',
      'vsphere.hostName': 'web-1.example',
      env: 'prod',
      owner: 'team-a',
      'vsphere.attr.backup-policy': 'gold',
      'vsphere.tag.app': 'api,shop',
      'vsphere.tag.zone': 'dmz',
    });
  });

  it.each`
    case                                        | vms                                   | tracked              | names
    ${'unique names stay plain'}                | ${[['vm-1', 'web'], ['vm-2', 'db']]}  | ${[]}                | ${['web', 'db']}
    ${'namesakes in two folders get the moref'} | ${[['vm-1', 'web'], ['vm-2', 'web']]} | ${[]}                | ${['web (vm-1)', 'web (vm-2)']}
    ${'a tracked VM keeps its name'}            | ${[['vm-1', 'web'], ['vm-2', 'web']]} | ${[['vm-1', 'web']]} | ${['web', 'web (vm-2)']}
    ${'a renamed VM keeps its asset'}           | ${[['vm-1', 'web-renamed']]}          | ${[['vm-1', 'web']]} | ${['web']}
  `('$case', ({ vms, tracked, names }) => {
    const list = (vms as [string, string][]).map(([moref, name]) => ({ moref, name }));

    const out = hostAssetNames(list, new Map(tracked as [string, string][]));

    expect(list.map((v) => out.get(v.moref))).toEqual(names);
  });
});
