import { describe, expect, it } from 'vitest';
import { enrichmentEnv, publishEnrichment } from '../../advisories/enrichment/testing/mirror.js';
import { fixedClock } from '../../domain/clock.js';
import { loadConfig } from '../config.js';
import { useSyncRig } from '../testing/sync-rig.js';
import type { JobContext, JobQueue } from './contract.js';
import { jobHandlers, jobKinds } from './handlers.js';
import { sqliteJobs } from './sqlite/engine.js';

const clock = fixedClock('2026-12-07T10:00:00.000Z');
const config = loadConfig({ PATCHLINE_HOME: '/nonexistent/patchline' }, { cwd: '/', user: 't' });
const ctx = (jobId = 'job-1'): JobContext => ({
  jobId,
  attempt: 1,
  signal: new AbortController().signal,
  clock,
});

describe('app/jobs/handlers', () => {
  const rig = useSyncRig(clock, publishEnrichment, enrichmentEnv);
  const setup = () => {
    const { queue } = sqliteJobs(rig.store, clock, new Map());
    const handlers = jobHandlers({
      store: rig.store,
      config,
      env: {},
      queue: (): JobQueue => queue,
      syncDeps: () => rig.deps(),
    });
    return { handlers, queue };
  };

  it('feeds.sync syncs the sources asked for and enqueues one evaluation however often it runs', async () => {
    const { handlers, queue } = setup();

    const first = await handlers[jobKinds.feedsSync]({ sources: ['kev'] }, ctx());
    const second = await handlers[jobKinds.feedsSync]({ sources: ['kev'] }, ctx());

    expect(first).toMatchObject({ sources: [{ source: 'kev', status: 'ok' }] });
    const evals = await queue.list({ kind: jobKinds.evaluate });
    expect(evals.map((j) => [j.key, j.requestedBy, j.state])).toEqual([
      ['evaluate', 'system:feeds.sync', 'queued'],
    ]);
    expect((second as { evaluation: string }).evaluation).toBe(evals[0]?.id);
    expect((await rig.store.enrichment.kev(['CVE-2021-44228'])).size).toBe(1);
  });

  it('evaluate runs without a policy; the snapshot needs one; vSphere without connections is a no-op', async () => {
    const { handlers } = setup();

    const evaluated = await handlers[jobKinds.evaluate]({}, ctx());
    const vsphere = await handlers[jobKinds.vsphereSync]({}, ctx());

    expect(evaluated).toMatchObject({ totals: { assets: 0, findings: 0 }, snapshot: false });
    expect(vsphere).toEqual({ connections: [], evaluation: null });
    await expect(handlers[jobKinds.complianceSnapshot]({}, ctx())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(handlers[jobKinds.feedsSync]({ source: 'kev' }, ctx())).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
