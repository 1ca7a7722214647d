import { describe, expect, it } from 'vitest';
import type { VimEvent } from '../../vsphere/index.js';
import {
  formatLineage,
  lineageFromEvents,
  parseLineage,
  type Lineage,
  type TemplateVersion,
} from './lineage.js';

const vm = (
  value: string,
  name = value,
): { name: string; vm: { type: string; value: string } } => ({
  name,
  vm: { type: 'VirtualMachine', value },
});
const tpl: TemplateVersion = {
  moref: 'vm-57',
  name: 'debian-12',
  version: '20261127T110228Z-b4689bed',
  instanceUuid: 'b4689bed-97f0',
};
const templates = new Map([[tpl.moref, tpl]]);

describe('app/vsphere/lineage', () => {
  it('round-trips the attribute value', () => {
    const l: Lineage = {
      template: 'debian-12',
      version: 'v1',
      instanceUuid: 'u',
      clonedAt: '2026-11-27T11:00:00Z',
    };

    expect(parseLineage(formatLineage(l))).toEqual(l);
  });

  it.each([undefined, '', 'set by hand', '{"template":1}', '[]'])(
    'treats %j as unknown lineage',
    (v) => {
      expect(parseLineage(v)).toBeUndefined();
    },
  );

  it.each`
    case                               | events                                                                                                                                                                                          | target     | template
    ${'clone of a template'}           | ${[{ key: 1, type: 'VmClonedEvent', createdTime: 't1', vm: vm('vm-80'), sourceVm: vm('vm-57') }]}                                                                                               | ${'vm-80'} | ${'debian-12'}
    ${'deploy from a template'}        | ${[{ key: 1, type: 'VmDeployedEvent', createdTime: 't1', vm: vm('vm-81'), srcTemplate: vm('vm-57') }]}                                                                                          | ${'vm-81'} | ${'debian-12'}
    ${'clone of a clone inherits'}     | ${[{ key: 2, type: 'VmClonedEvent', createdTime: 't2', vm: vm('vm-82'), sourceVm: vm('vm-80') }, { key: 1, type: 'VmClonedEvent', createdTime: 't1', vm: vm('vm-80'), sourceVm: vm('vm-57') }]} | ${'vm-82'} | ${'debian-12'}
    ${'clone of an unknown VM'}        | ${[{ key: 1, type: 'VmClonedEvent', createdTime: 't1', vm: vm('vm-83'), sourceVm: vm('vm-99') }]}                                                                                               | ${'vm-83'} | ${undefined}
    ${'other event types are ignored'} | ${[{ key: 1, type: 'VmCreatedEvent', createdTime: 't1', vm: vm('vm-84') }]}                                                                                                                     | ${'vm-84'} | ${undefined}
  `('learns lineage from a $case', ({ events, target, template }) => {
    const out = lineageFromEvents(events as VimEvent[], templates, new Map());

    expect(out.get(target)?.template).toBe(template);
  });

  it('takes the clone time from the event and the version from the template', () => {
    const events: VimEvent[] = [
      {
        key: 5,
        type: 'VmClonedEvent',
        createdTime: '2026-11-27T11:02:28Z',
        vm: vm('vm-80'),
        sourceVm: vm('vm-57'),
      },
    ];

    expect(lineageFromEvents(events, templates, new Map()).get('vm-80')).toEqual({
      template: 'debian-12',
      version: tpl.version,
      instanceUuid: tpl.instanceUuid,
      clonedAt: '2026-11-27T11:02:28Z',
    });
  });
});
