import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEstateDir } from '../app/estate.js';
import { openapiPath } from './openapi.js';
import { testServer, type TestServer } from './testing.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
}, 60_000);
afterAll(async () => {
  await s.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
  >;
};

describe('the OpenAPI document', () => {
  it('lists every route of the table, with its permission', async () => {
    const doc = (await s.app.inject({ url: '/api/openapi.json' })).json<
      Doc & { openapi: string }
    >();
    expect(doc.openapi).toBe('3.1.0');
    const missing = s.app.patchline.routes.filter(
      (r) => doc.paths[openapiPath(r.path)]?.[r.method.toLowerCase()] === undefined,
    );
    expect(missing.map((r) => r.path)).toEqual([]);
  });

  it('the answers of the read routes validate against it', async () => {
    const doc = (await s.app.inject({ url: '/api/openapi.json' })).json<Doc>();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const urls: [string, string][] = [
      ['/api/v1/assets', '/api/v1/assets'],
      ['/api/v1/assets/web-01', '/api/v1/assets/{name}'],
      ['/api/v1/assets/web-01/findings', '/api/v1/assets/{name}/findings'],
      ['/api/v1/findings?limit=5', '/api/v1/findings'],
      ['/api/v1/feeds', '/api/v1/feeds'],
      ['/api/v1/jobs', '/api/v1/jobs'],
      ['/api/v1/audit', '/api/v1/audit'],
      ['/api/v1/audit/verify', '/api/v1/audit/verify'],
      ['/api/v1/reports/compliance', '/api/v1/reports/compliance'],
      ['/api/v1/reports/trend', '/api/v1/reports/trend'],
      ['/api/v1/users', '/api/v1/users'],
      ['/api/v1/tokens', '/api/v1/tokens'],
      ['/api/v1/me', '/api/v1/me'],
      ['/healthz', '/healthz'],
    ];
    const problems: string[] = [];
    for (const [url, path] of urls) {
      const res = await s.app.inject({ url, headers: auth(s.tokens.admin) });
      const schema = doc.paths[path]!.get!.responses['200']!.content['application/json']!.schema;
      const validate = ajv.compile(schema);
      if (res.statusCode !== 200) {
        problems.push(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      } else if (!validate(res.json())) problems.push(`${url}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('inventory push to findings', () => {
  it('a pushed dpkg status creates the host and its findings are served at once', async () => {
    const body = readFileSync(join(sampleEstateDir, 'web-01.status'), 'utf8');
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/inventories?name=pushed-01&platform=debian:12&labels=owner=team-push',
      headers: { ...auth(s.tokens.operator), 'content-type': 'text/plain' },
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const findings = await s.app.inject({
      url: '/api/v1/assets/pushed-01/findings',
      headers: auth(s.tokens.viewer),
    });
    const web = await s.app.inject({
      url: '/api/v1/assets/web-01/findings',
      headers: auth(s.tokens.viewer),
    });
    const n = findings.json<{ findings: unknown[] }>().findings.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBe(web.json<{ findings: unknown[] }>().findings.length);
  });

  it('a document of no known format is refused where it stands, and nothing is stored', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/v1/inventories?name=junk-01',
      headers: { ...auth(s.tokens.operator), 'content-type': 'text/plain' },
      payload: 'this is not an inventory\n',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(
      (await s.app.inject({ url: '/api/v1/assets/junk-01', headers: auth(s.tokens.viewer) }))
        .statusCode,
    ).toBe(404);
  });
});

describe('problems, audit and headers', () => {
  it('bad query input is a located 400 problem', async () => {
    const res = await s.app.inject({
      url: '/api/v1/findings?severity=dire',
      headers: auth(s.tokens.viewer),
    });
    expect(res.statusCode).toBe(400);
    const p = res.json<{ code: string; location: string; requestId: string }>();
    expect(p.code).toBe('INPUT_INVALID');
    expect(p.location).toContain('/query/severity');
    expect(p.requestId).toBe(res.headers['x-request-id']);
  });

  it('a body that is not JSON is a 400 problem', async () => {
    const res = await s.app.inject({
      method: 'PATCH',
      url: '/api/v1/assets/web-02/labels',
      headers: { ...auth(s.tokens.operator), 'content-type': 'application/json' },
      payload: '{"labels":',
    });
    expect(res.statusCode).toBe(400);
  });

  it('a mutating call is audited with actor, token, source and request id, before and after', async () => {
    const res = await s.app.inject({
      method: 'PATCH',
      url: '/api/v1/assets/web-02/labels',
      headers: { ...auth(s.tokens.operator), 'content-type': 'application/json' },
      payload: JSON.stringify({ labels: { tier: 'gold' } }),
    });
    expect(res.statusCode).toBe(200);
    const events = await s.rt.store.audit.list({ limit: 5 });
    const e = events.find((x) => x.action.startsWith('api.'))!;
    expect(e.actor).toBe('user:operator-1');
    expect(e.details).toMatchObject({
      requestId: res.headers['x-request-id'],
      source: '127.0.0.1',
    });
    expect((e.details as { tokenId?: string }).tokenId).toMatch(/^[0-9a-f]{16}$/);
    expect((e.details as { after: Record<string, string> }).after.tier).toBe('gold');
    expect((e.details as { before: Record<string, string> }).before.tier).toBeUndefined();
  });

  it('sends security headers and no CORS headers', async () => {
    const res = await s.app.inject({
      url: '/healthz',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('findings come as CSV on Accept: text/csv', async () => {
    const res = await s.app.inject({
      url: '/api/v1/findings',
      headers: { ...auth(s.tokens.viewer), accept: 'text/csv' },
    });
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^asset,kind,platform/);
    const json = await s.app.inject({
      url: '/api/v1/findings?limit=10000',
      headers: auth(s.tokens.viewer),
    });
    expect(lines.length - 1).toBe(json.json<{ total: number }>().total);
  });

  it('pages of findings join up to the whole list, and a cursor is bound to its query', async () => {
    const whole = (
      await s.app.inject({ url: '/api/v1/findings?limit=10000', headers: auth(s.tokens.viewer) })
    ).json<{ findings: { asset: string; advisory: string; package: string }[] }>();
    const seen: string[] = [];
    let url = '/api/v1/findings?limit=7';
    for (let i = 0; i < 1000; i++) {
      const page = (await s.app.inject({ url, headers: auth(s.tokens.viewer) })).json<{
        findings: { asset: string; advisory: string; package: string }[];
        next: string | null;
      }>();
      seen.push(...page.findings.map((f) => `${f.asset} ${f.advisory} ${f.package}`));
      if (page.next === null) break;
      url = `/api/v1/findings?limit=7&cursor=${page.next}`;
    }
    expect(seen).toEqual(whole.findings.map((f) => `${f.asset} ${f.advisory} ${f.package}`));
    const first = (
      await s.app.inject({ url: '/api/v1/findings?limit=2', headers: auth(s.tokens.viewer) })
    ).json<{ next: string }>();
    const other = await s.app.inject({
      url: `/api/v1/findings?limit=2&severity=high&cursor=${first.next}`,
      headers: auth(s.tokens.viewer),
    });
    expect(other.statusCode).toBe(400);
  });
});

describe('sessions', () => {
  const login = (name: string, password: string) =>
    s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name, password }),
    });

  it('a login sets an HttpOnly SameSite=Strict cookie; writes need the CSRF token', async () => {
    const res = await login('operator-1', s.password);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const csrf = res.json<{ csrfToken: string }>().csrfToken;
    expect(
      (await s.app.inject({ url: '/api/v1/me', headers: { cookie: pair } })).json<{
        name: string;
      }>().name,
    ).toBe('operator-1');
    const write = (headers: Record<string, string>) =>
      s.app.inject({
        method: 'POST',
        url: '/api/v1/evaluations',
        headers: { cookie: pair, 'content-type': 'application/json', ...headers },
        payload: '{}',
      });
    expect((await write({})).statusCode).toBe(403);
    expect((await write({ 'x-csrf-token': 'wrong' })).statusCode).toBe(403);
    expect((await write({ 'x-csrf-token': csrf })).statusCode).toBe(202);
  });

  it('a wrong password is 401 with the same message as an unknown name, and guessing is rate limited', async () => {
    const wrong = await login('viewer-1', 'not the password at all');
    const unknown = await login('nobody-here', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json<{ detail: string }>().detail).toBe(unknown.json<{ detail: string }>().detail);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await login('viewer-1', 'guess number ' + i)).statusCode);
    }
    expect(codes).toContain(429);
    s.clock.advance(61_000);
    expect((await login('approver-1', s.password)).statusCode).toBe(200);
  });
});

describe('separation of duties over the API', () => {
  const post = (url: string, token: string, body: unknown) =>
    s.app.inject({
      method: 'POST',
      url,
      headers: { ...auth(token), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('the requester of a waiver cannot approve or reject it, another approver can', async () => {
    const req = await post('/api/v1/waivers', s.tokens.admin, {
      scope: { cve: 'CVE-2024-6387', assets: ['web-01'] },
      reason: 'vendor build pending',
      expires: '2026-12-01',
    });
    expect(req.statusCode).toBe(201);
    const id = req.json<{ id: string }>().id;
    const own = await post(`/api/v1/waivers/${id}/approve`, s.tokens.admin, {});
    expect(own.statusCode).toBe(403);
    expect(own.json<{ code: string }>().code).toBe('SEPARATION_OF_DUTIES');
    expect(
      (await post(`/api/v1/waivers/${id}/reject`, s.tokens.admin, { reason: 'no' })).statusCode,
    ).toBe(403);
    const other = await post(`/api/v1/waivers/${id}/approve`, s.tokens.approver, {});
    expect(other.statusCode).toBe(200);
    expect(other.json<{ request: { state: string } }>().request.state).toBe('approved');
  });
});

describe('hostile credentials', () => {
  it.each([
    ['a malformed cookie', { cookie: 'patchline_session=%E0%A4%A' }],
    ['a malformed bearer', { authorization: 'Bearer' }],
    ['a forged token', { authorization: 'Bearer plt_0000000000000000_forged' }],
    ['basic auth', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
  ])('%s is 401, never a server fault', async (_what, headers) => {
    const res = await s.app.inject({ url: '/api/v1/assets', headers });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ detail: string }>().detail).not.toMatch(/forged|malformed|unknown/);
  });
});

describe('the compliance report is computed once per evaluation generation', () => {
  it('serves the same report until the fleet changes, then a new one', async () => {
    const get = async () =>
      (
        await s.app.inject({ url: '/api/v1/reports/compliance', headers: auth(s.tokens.viewer) })
      ).json<{ total: { assets: number } }>();
    const before = await get();
    expect(await get()).toEqual(before);
    const push = await s.app.inject({
      method: 'POST',
      url: '/api/v1/inventories?name=cache-01&platform=debian:12',
      headers: { ...auth(s.tokens.operator), 'content-type': 'text/plain' },
      payload: readFileSync(join(sampleEstateDir, 'web-01.status'), 'utf8'),
    });
    expect(push.statusCode).toBe(201);
    expect((await get()).total.assets).toBe(before.total.assets + 1);
  });
});
