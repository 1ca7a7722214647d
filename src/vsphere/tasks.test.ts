import { describe, expect, it } from 'vitest';
import { waitForTask, type TaskProgress } from './tasks.js';
import { response, scriptedClient } from './test-support.js';
import { moRef } from './types.js';

function info(state: string, extra = ''): string {
  return response(
    'RetrievePropertiesEx',
    `<returnval><objects><obj type="Task">task-1</obj><propSet><name>info.state</name><val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="TaskInfoState">${state}</val></propSet>${extra}</objects></returnval>`,
  );
}
const progress = (n: number): string =>
  `<propSet><name>info.progress</name><val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:int">${n}</val></propSet>`;
const result =
  '<propSet><name>info.result</name><val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ManagedObjectReference" type="VirtualMachine">vm-9</val></propSet>';

describe('vsphere/tasks', () => {
  it('polls queued → running → success, reports progress changes and returns the result', async () => {
    const client = scriptedClient({
      RetrievePropertiesEx: [
        info('queued'),
        info('running', progress(40)),
        info('running', progress(40)),
        info('success', result),
      ],
    });
    const seen: TaskProgress[] = [];

    const r = await waitForTask(client, moRef('Task', 'task-1'), {
      pollMs: 1,
      onProgress: (p) => seen.push(p),
    });

    expect(r).toEqual({ type: 'VirtualMachine', value: 'vm-9' });
    expect(seen.map((p) => `${p.state}:${p.progress ?? ''}`)).toEqual([
      'queued:',
      'running:40',
      'success:',
    ]);
  });

  it('throws the task fault', async () => {
    const client = scriptedClient({ RetrievePropertiesEx: ['task-info-error.xml'] });

    await expect(waitForTask(client, moRef('Task', 'task-73'))).rejects.toMatchObject({
      code: 'VSPHERE_INVALID_STATE',
    });
  });

  it('stops waiting when aborted', async () => {
    const client = scriptedClient({ RetrievePropertiesEx: [info('running')] });
    const ac = new AbortController();

    const waiting = waitForTask(client, moRef('Task', 'task-1'), {
      pollMs: 10_000,
      signal: ac.signal,
    });
    ac.abort();

    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
