import { describe, expect, it } from 'vitest';
import { queryEvents } from './events.js';
import { scriptedClient } from './test-support.js';

describe('vsphere/events', () => {
  it('reads a captured VmClonedEvent with its source VM', async () => {
    const client = scriptedClient({ QueryEvents: ['query-events-cloned.xml'] });

    const events = await queryEvents(client, {
      types: ['VmClonedEvent'],
      since: '2026-11-27T00:00:00Z',
    });

    expect(events).toEqual([
      {
        key: 36,
        type: 'VmClonedEvent',
        chainId: 36,
        createdTime: '2026-11-27T11:02:28.644061127Z',
        userName: 'u',
        message: 'Clone of DC0_H0_VM0 completed',
        vm: { name: 'c1', vm: { type: 'VirtualMachine', value: 'vm-71' } },
        sourceVm: { name: 'DC0_H0_VM0', vm: { type: 'VirtualMachine', value: 'vm-57' } },
      },
    ]);
    expect(client.calls[0]!.args).toEqual([
      [
        'filter',
        {
          entity: undefined,
          time: { beginTime: '2026-11-27T00:00:00Z' },
          eventTypeId: ['VmClonedEvent'],
        },
      ],
    ]);
  });
});
