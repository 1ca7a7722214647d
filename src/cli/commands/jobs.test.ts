import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliTestNow, runCli } from '../../../test/cli.js';
import { sqliteJobs } from '../../app/jobs/sqlite/engine.js';
import { fixedClock } from '../../domain/clock.js';
import { openStore } from '../../store/index.js';

describe('patchline jobs', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-jobs-cli-'));
    env = { PATCHLINE_HOME: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function seed(): Promise<[string, string]> {
    const clock = fixedClock(cliTestNow);
    const store = await openStore(join(dir, 'patchline.db'), clock);
    try {
      const { queue } = sqliteJobs(store, clock, new Map());
      const a = await queue.enqueue({ kind: 'feeds.sync', requestedBy: 'system:test' });
      clock.advance(1000);
      const b = await queue.enqueue({ kind: 'evaluate', key: 'evaluate', requestedBy: 'user:bo' });
      return [a.id, b.id];
    } finally {
      await store.close();
    }
  }

  it('lists, filters, shows and cancels jobs', async () => {
    const empty = await runCli(['jobs', 'list'], { env });
    const [a, b] = await seed();

    const all = await runCli(['jobs', 'list', '--json'], { env });
    const evals = await runCli(['jobs', 'list', '--kind', 'evaluate', '--json'], { env });
    const table = await runCli(['jobs', 'list'], { env });
    const cancel = await runCli(['jobs', 'cancel', b], { env });
    const again = await runCli(['jobs', 'cancel', b, '--json'], { env });
    const cancelled = await runCli(['jobs', 'list', '--state', 'cancelled', '--json'], { env });
    const show = await runCli(['jobs', 'show', b], { env });
    const audit = await runCli(['audit', 'log', '--json'], { env });

    expect(empty.stdout).toBe('no jobs\n');
    expect((JSON.parse(all.stdout) as { id: string }[]).map((j) => j.id)).toEqual([b, a]);
    expect((JSON.parse(evals.stdout) as { id: string }[]).map((j) => j.id)).toEqual([b]);
    expect(table.stdout).toMatch(/feeds\.sync +│? *queued/);
    expect(cancel).toMatchObject({ code: 0, stdout: `job ${b} (evaluate) is cancelled\n` });
    expect(JSON.parse(again.stdout)).toMatchObject({ id: b, state: 'cancelled' });
    expect((JSON.parse(cancelled.stdout) as { id: string }[]).map((j) => j.id)).toEqual([b]);
    expect(show.stdout).toContain(`job ${b}: evaluate, cancelled (attempt 0 of 5)`);
    expect(show.stdout).toContain('key: evaluate');
    expect(audit.stdout).toContain('job.cancel');
  });

  it('refuses an unknown job, an unknown state, and a worker on SQLite', async () => {
    const show = await runCli(['jobs', 'show', 'nope'], { env });
    const state = await runCli(['jobs', 'list', '--state', 'done'], { env });
    const worker = await runCli(['worker'], { env });

    expect(show.code).not.toBe(0);
    expect(show.stderr).toContain('no job nope');
    expect(state.code).toBe(2);
    expect(worker.code).not.toBe(0);
    expect(worker.stderr).toContain('patchline serve');
  });
});
