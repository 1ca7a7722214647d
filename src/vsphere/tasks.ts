import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { VimClient } from './client.js';
import { taskError } from './faults.js';
import { retrieveOne } from './property-collector.js';
import type { CallOptions, MoRef, VimValue } from './types.js';
import { asNumber, asObject, asString } from './values.js';

export interface TaskProgress {
  readonly task: string;
  readonly state: string;
  readonly progress?: number;
}

export interface WaitOptions extends CallOptions {
  readonly onProgress?: (p: TaskProgress) => void;
  /** First poll delay; doubles up to `maxPollMs`. Defaults 50 ms and 2 s. */
  readonly pollMs?: number;
  readonly maxPollMs?: number;
}

/**
 * Waits for a vim25 Task to reach `success` or `error` by polling `info` (TaskInfo.state:
 * queued → running → success | error) and returns `info.result`. An `error` state throws the
 * task's LocalizedMethodFault, mapped by `taskError`. Only `state`, `progress`, `result` and
 * `error` are read, so a TaskInfo whose `entity` has an unexpected type (vcsim 0.24.2 reports
 * the snapshot, not the VM, for snapshot tasks) does not break the wait.
 */
export async function waitForTask(
  client: VimClient,
  task: MoRef,
  opts: WaitOptions = {},
): Promise<VimValue | undefined> {
  let delay = opts.pollMs ?? 50;
  const maxDelay = opts.maxPollMs ?? 2_000;
  let lastReported = '';
  for (;;) {
    const props = await retrieveOne(
      client,
      task,
      ['info.state', 'info.progress', 'info.result', 'info.error'],
      opts,
    );
    const state = asString(props.get('info.state'));
    if (state === undefined) {
      throw new AppError(ErrorCode.VsphereFault, `task ${task.value} has no state`);
    }
    const progress = asNumber(props.get('info.progress'));
    const report = `${state}/${progress ?? ''}`;
    if (opts.onProgress && report !== lastReported) {
      lastReported = report;
      opts.onProgress(
        progress === undefined
          ? { task: task.value, state }
          : { task: task.value, state, progress },
      );
    }
    if (state === 'success') return props.get('info.result');
    if (state === 'error') throw taskError(asObject(props.get('info.error')), task.value);
    try {
      await sleep(delay, undefined, opts.signal ? { signal: opts.signal } : {});
    } catch (e) {
      throw new AppError(ErrorCode.Aborted, `waiting for task ${task.value} aborted`, { cause: e });
    }
    delay = Math.min(delay * 2, maxDelay);
  }
}
