import { describe, expect, it } from 'vitest';
import { readResponse, taskError } from './faults.js';
import { readRetrieveResult } from './property-collector.js';
import { fixture } from './test-support.js';

describe('vsphere/faults', () => {
  it.each`
    file                                    | code                           | fault
    ${'fault-invalid-login.xml'}            | ${'VSPHERE_LOGIN_FAILED'}      | ${'InvalidLogin'}
    ${'fault-not-authenticated.xml'}        | ${'VSPHERE_NOT_AUTHENTICATED'} | ${'NotAuthenticated'}
    ${'fault-managed-object-not-found.xml'} | ${'VSPHERE_OBJECT_NOT_FOUND'}  | ${'ManagedObjectNotFound'}
  `('maps the captured $fault fault to $code', ({ file, code, fault }) => {
    expect(() => readResponse(fixture(file), 500)).toThrow(
      expect.objectContaining({ code, details: expect.objectContaining({ fault }) }),
    );
  });

  it('keeps the faulted object in the details', () => {
    let err: unknown;
    try {
      readResponse(fixture('fault-managed-object-not-found.xml'), 500);
    } catch (e) {
      err = e;
    }

    expect(err).toMatchObject({
      message: 'ManagedObjectNotFound: managed object not found: VirtualMachine:vm-999',
      details: { detail: { obj: { type: 'VirtualMachine', value: 'vm-999' } } },
    });
  });

  it.each`
    status | retryable
    ${500} | ${true}
    ${400} | ${false}
  `(
    'reports an empty HTTP $status body as VSPHERE_FAULT (retryable: $retryable)',
    ({ status, retryable }) => {
      expect(() => readResponse('', status)).toThrow(
        expect.objectContaining({ code: 'VSPHERE_FAULT', retryable }),
      );
    },
  );

  it('maps a task error to its fault type with the localized message', () => {
    const info = readRetrieveResult(readResponse(fixture('task-info-error.xml'), 200)).objects[0]!;

    const err = taskError(info.props.get('info.error'), 'task-73');

    expect(err).toMatchObject({
      code: 'VSPHERE_INVALID_STATE',
      details: { fault: 'InvalidPowerState', task: 'task-73' },
    });
    expect(err.message).toBe('task task-73 failed: InvalidPowerState: *types.InvalidPowerState');
  });

  it('maps an unknown task fault to VSPHERE_TASK_FAILED', () => {
    const err = taskError(
      {
        _type: 'LocalizedMethodFault',
        fault: { _type: 'FileNotFound' },
        localizedMessage: 'File [ds] x.vmdk was not found',
      },
      'task-9',
    );

    expect(err).toMatchObject({
      code: 'VSPHERE_TASK_FAILED',
      message: 'task task-9 failed: FileNotFound: File [ds] x.vmdk was not found',
    });
  });
});
