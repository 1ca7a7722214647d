import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grants, roles, type Permission } from '../domain/access.js';
import type { TestServer } from './testing.js';
import type { RouteDef } from './routes/types.js';

/**
 * The permission cases, generated from the route table of the server `open` builds: run on
 * SQLite by the unit suite and on PostgreSQL by the integration suite.
 */
export function permissionSuite(open: () => Promise<TestServer>): void {
  let s: TestServer;
  beforeAll(async () => {
    s = await open();
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  /** A concrete URL for a route pattern; the value does not matter, refusal comes first. */
  const urlOf = (r: RouteDef) => r.path.replace(/:(\w+)/g, 'web-01');

  const table = () => s.app.patchline.routes;

  describe('every route in the table declares who may call it, and is refused to others', () => {
    it('the table is not empty and has no route without an access rule', () => {
      expect(table().length).toBeGreaterThan(30);
      for (const r of table()) {
        expect(['public', 'authenticated', 'read', 'operate', 'approve', 'admin']).toContain(
          r.access,
        );
      }
    });

    it('refuses each non-public route without credentials (401, problem+json)', async () => {
      const failures: string[] = [];
      for (const r of table().filter((x) => x.access !== 'public')) {
        const res = await s.app.inject({ method: r.method, url: urlOf(r) });
        const ok =
          res.statusCode === 401 &&
          res.headers['content-type']?.toString().startsWith('application/problem+json') &&
          res.json<{ code: string }>().code === 'UNAUTHENTICATED';
        if (!ok) failures.push(`${r.method} ${r.path}: ${res.statusCode}`);
      }
      expect(failures).toEqual([]);
    });

    it('refuses each route to every role that lacks its permission (403)', async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const r of table().filter((x) => !['public', 'authenticated'].includes(x.access))) {
        for (const role of roles.filter((x) => !grants[x].includes(r.access as Permission))) {
          checked++;
          const res = await s.app.inject({
            method: r.method,
            url: urlOf(r),
            headers: { authorization: `Bearer ${s.tokens[role]}` },
          });
          if (res.statusCode !== 403 || res.json<{ code: string }>().code !== 'FORBIDDEN') {
            failures.push(`${r.method} ${r.path} as ${role}: ${res.statusCode}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(20);
    });

    it('a role that holds the permission gets past authorisation', async () => {
      const failures: string[] = [];
      for (const r of table().filter((x) => x.method === 'GET' && x.access !== 'public')) {
        const role = roles.find(
          (x) => r.access === 'authenticated' || grants[x].includes(r.access as Permission),
        )!;
        const res = await s.app.inject({
          method: 'GET',
          url: urlOf(r),
          headers: { authorization: `Bearer ${s.tokens[role]}` },
        });
        if (res.statusCode === 401 || res.statusCode === 403) {
          failures.push(`${r.path} as ${role}: ${res.statusCode}`);
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('scoped roles see only their assets', () => {
    const get = (url: string, token: string) =>
      s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    it('lists only assets whose labels match the scope', async () => {
      const all = (await get('/api/v1/assets', s.tokens.viewer)).json<{
        assets: { name: string; labels: Record<string, string> }[];
      }>();
      const mine = (await get('/api/v1/assets', s.scopedViewer)).json<{
        assets: { name: string; labels: Record<string, string> }[];
      }>();
      expect(mine.assets.length).toBeGreaterThan(0);
      expect(mine.assets.length).toBeLessThan(all.assets.length);
      expect(mine.assets.every((a) => a.labels.owner === 'team-web')).toBe(true);
    });

    it('an asset outside the scope reads as missing, and its findings too', async () => {
      const outside = (await get('/api/v1/assets', s.tokens.viewer))
        .json<{ assets: { name: string; labels: Record<string, string> }[] }>()
        .assets.find((a) => a.labels.owner !== 'team-web')!;
      expect((await get(`/api/v1/assets/${outside.name}`, s.tokens.viewer)).statusCode).toBe(200);
      expect((await get(`/api/v1/assets/${outside.name}`, s.scopedViewer)).statusCode).toBe(404);
      expect(
        (await get(`/api/v1/assets/${outside.name}/findings`, s.scopedViewer)).statusCode,
      ).toBe(404);
    });

    it('findings of a scoped caller name only assets in scope', async () => {
      const all = (await get('/api/v1/findings?limit=10000', s.tokens.viewer)).json<{
        findings: { asset: string }[];
      }>();
      const mine = (await get('/api/v1/findings?limit=10000', s.scopedViewer)).json<{
        findings: { asset: string }[];
      }>();
      const inScope = new Set(['web-01', 'web-02']);
      expect(mine.findings.length).toBeGreaterThan(0);
      expect(mine.findings.length).toBeLessThan(all.findings.length);
      expect(mine.findings.every((f) => inScope.has(f.asset))).toBe(true);
    });

    it('fleet-wide reports refuse a scoped role', async () => {
      const res = await get('/api/v1/reports/compliance', s.scopedViewer);
      expect(res.statusCode).toBe(403);
    });

    it('a scoped operator cannot relabel an asset out of its scope', async () => {
      const res = await s.app.inject({
        method: 'PATCH',
        url: '/api/v1/assets/web-01/labels',
        headers: {
          authorization: `Bearer ${s.scopedOperator}`,
          'content-type': 'application/json',
        },
        payload: JSON.stringify({ labels: { owner: 'team-other' } }),
      });
      expect(res.statusCode).toBe(403);
      const after = (await get('/api/v1/assets/web-01', s.tokens.viewer)).json<{
        labels: Record<string, string>;
      }>();
      expect(after.labels.owner).toBe('team-web');
    });
  });
}
