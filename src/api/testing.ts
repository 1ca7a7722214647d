import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { roles, type Role } from '../domain/access.js';
import { fixedClock, type FixedClock } from '../domain/clock.js';
import { loadConfig } from '../app/config.js';
import { runDemo } from '../app/demo.js';
import { sampleAsOf } from '../app/estate.js';
import { samplePolicyPath } from '../app/report.js';
import { createToken, createUser } from '../app/identity/index.js';
import { cheapParams } from '../app/identity/testing.js';
import { openJobs } from '../app/jobs/open.js';
import { openAppStore, openStore } from '../app/open-store.js';
import { loadKeyForStore } from '../app/secrets.js';
import { secretKeyFile } from '../app/vsphere/secrets.js';
import { optionalPolicy } from '../app/policy.js';
import { identityAuthenticator } from '../app/service/identity-auth.js';
import { openRuntime } from '../app/service/open-runtime.js';
import type { ServiceRuntime } from '../app/service/runtime.js';
import { buildApi } from './server.js';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly rt: ServiceRuntime;
  readonly clock: FixedClock;
  /** A bearer token per role, each of its own user. */
  readonly tokens: Readonly<Record<Role, string>>;
  /** A viewer scoped to `owner=team-web`. */
  readonly scopedViewer: string;
  /** A scoped operator, for writes within a scope. */
  readonly scopedOperator: string;
  readonly password: string;
  close(): Promise<void>;
}

/**
 * A real server over a fresh SQLite store holding the sample estate, feeds and policy, with one
 * user and token per role: what the API tests run against.
 */
export async function testServer(
  opts: {
    readonly sample?: boolean;
    /** Run on PostgreSQL, every table in `schema` (which must exist). */
    readonly postgres?: { readonly url: string; readonly schema: string };
  } = {},
): Promise<TestServer> {
  const home = mkdtempSync(join(tmpdir(), 'patchline-api-'));
  const clock = fixedClock(sampleAsOf);
  const pg = opts.postgres;
  const config = loadConfig(
    { PATCHLINE_HOME: home, ...(pg && { PATCHLINE_DATABASE_URL: pg.url }) },
    { cwd: home, user: 'test' },
  );
  const open = () =>
    pg ? openStore(pg.url, clock, { schema: pg.schema, poolSize: 4 }) : openAppStore(config, clock);
  const seed = await open();
  try {
    if (opts.sample !== false) await runDemo(seed);
  } finally {
    await seed.close();
  }
  const rt = await openRuntime(config, clock, {
    auth: (store) => identityAuthenticator(store, clock, { passwordParams: cheapParams }),
    jobs: (store) =>
      openJobs(store, { ...config, ...(pg && { graphileSchema: `${pg.schema}_gw` }) }, clock, {}),
    store: open,
    secretKey: (store) => loadKeyForStore({}, secretKeyFile(config), store),
    policy: async (store) =>
      (await optionalPolicy(store, samplePolicyPath, config, clock.now()))?.policy,
  });
  const password = 'correct horse battery staple';
  const tokens = {} as Record<Role, string>;
  for (const role of roles) {
    await createUser(rt.store, {
      name: `${role}-1`,
      role,
      password,
      actor: 'test',
      passwordParams: cheapParams,
    });
    tokens[role] = (
      await createToken(rt.store, clock, { user: `${role}-1`, name: 't', actor: 'test' })
    ).secret;
  }
  const scoped = async (role: Role) => {
    await createUser(rt.store, {
      name: `scoped-${role}`,
      role,
      scope: { owner: 'team-web' },
      password,
      actor: 'test',
      passwordParams: cheapParams,
    });
    return (
      await createToken(rt.store, clock, { user: `scoped-${role}`, name: 't', actor: 'test' })
    ).secret;
  };
  const scopedViewer = await scoped('viewer');
  const scopedOperator = await scoped('operator');
  const app = await buildApi(rt, { version: 'test' });
  await app.ready();
  return {
    app,
    rt,
    clock,
    tokens,
    scopedViewer,
    scopedOperator,
    password,
    close: async () => {
      await app.close();
      await rt.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
