import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { loadConfig } from '../config.js';
import { openJobs } from '../jobs/open.js';
import { loadConfiguredPolicy } from '../policy.js';
import { samplePolicyPath } from '../report.js';
import { identityAuthenticator } from './identity-auth.js';
import { openRuntime } from './open-runtime.js';
import { answerCacheMs, policyCacheMs } from './runtime.js';

describe('app/service/open-runtime', () => {
  it('keeps the policy and derived answers for a while, and computes them again when told they changed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'patchline-rt-'));
    const clock = fixedClock('2026-11-27T12:00:00Z');
    const config = loadConfig({ PATCHLINE_HOME: home }, { cwd: home, user: 'test' });
    let reads = 0;
    const rt = await openRuntime(config, clock, {
      auth: (store) => identityAuthenticator(store, clock),
      jobs: (store) => openJobs(store, config, clock, {}),
      secretKey: () => Promise.resolve(Buffer.alloc(32)),
      policy: () => {
        reads++;
        return Promise.resolve(loadConfiguredPolicy(samplePolicyPath, config));
      },
    });
    try {
      await rt.policy();
      await rt.policy();
      expect(reads).toBe(1);
      rt.policyChanged();
      await rt.policy();
      expect(reads).toBe(2);
      clock.advance(policyCacheMs);
      await rt.policy();
      expect(reads).toBe(3);

      let computed = 0;
      const answer = () => rt.cached('k', () => Promise.resolve(++computed));
      expect([await answer(), await answer()]).toEqual([1, 1]);
      rt.policyChanged();
      expect(await answer()).toBe(2);
      clock.advance(answerCacheMs);
      expect(await answer()).toBe(3);
      await expect(rt.cached('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
      expect(await rt.cached('bad', () => Promise.resolve('retried'))).toBe('retried');
    } finally {
      await rt.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
