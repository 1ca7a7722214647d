import type { Principal } from '../../domain/access.js';
import type { Clock } from '../../domain/clock.js';
import { runDemo } from '../demo.js';
import { ensureAdmin } from '../identity/index.js';
import type { Store } from '../open-store.js';
import { activatePolicy, readPolicyBundle, uploadPolicy } from '../policy-versions/index.js';
import { samplePolicyPath } from '../report.js';

export interface FirstStart {
  /** The sample estate, feeds and policy were loaded (an empty store on its first start). */
  readonly sampleLoaded: boolean;
  /** The first admin and its one-day API token, shown once; absent once any user exists. */
  readonly admin?: { readonly name: string; readonly token: string; readonly expiresAt: string };
}

const bootstrap: Principal = {
  kind: 'system',
  id: 'system:bootstrap',
  name: 'bootstrap',
  role: 'admin',
};

/**
 * What a server does on its first start: an empty store (no user, no asset) gets the sample
 * estate, its feeds and the sample policy (uploaded and activated), and the first admin with
 * a login token. Every later start finds a user and does nothing.
 */
export async function firstStart(
  store: Store,
  clock: Clock,
  opts: { readonly sample: boolean; readonly maxInputBytes?: number },
): Promise<FirstStart> {
  const fresh = (await store.users.count()) === 0 && (await store.assets.list()).length === 0;
  let sampleLoaded = false;
  if (fresh && opts.sample) {
    await runDemo(store);
    const up = await uploadPolicy(store, {
      bundle: readPolicyBundle(samplePolicyPath, opts.maxInputBytes),
      principal: bootstrap,
      now: clock.now(),
      comment: 'sample policy, loaded on first start',
    });
    await activatePolicy(store, up.version.version, bootstrap);
    sampleLoaded = true;
  }
  const admin = await ensureAdmin(store, clock);
  return {
    sampleLoaded,
    ...(admin && {
      admin: {
        name: admin.user.name,
        token: admin.token.secret,
        expiresAt: admin.token.token.expiresAt,
      },
    }),
  };
}
