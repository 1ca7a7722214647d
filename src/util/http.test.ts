import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHttpClient } from './http.js';

let server: Server | undefined;

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('util/http', () => {
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('returns status, lower-case headers and the whole body, sending our headers', async () => {
    const url = await serve((req, res) => {
      res.writeHead(418, { ETag: '"x"', 'X-Seen': req.headers['if-none-match'] ?? '' });
      res.end('teapot');
    });

    const res = await fetchHttpClient().get(`${url}/a`, { headers: { 'If-None-Match': '"v1"' } });

    expect(res.status).toBe(418);
    expect(res.headers).toMatchObject({ etag: '"x"', 'x-seen': '"v1"' });
    expect(new TextDecoder().decode(res.body)).toBe('teapot');
  });

  it('times out as a retryable TIMEOUT', async () => {
    const url = await serve(() => {
      // never answers
    });

    const get = fetchHttpClient({ timeoutMs: 50 }).get(url);

    await expect(get).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('reports a refused connection as a retryable FEED_UNAVAILABLE', async () => {
    const url = await serve(() => undefined);
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;

    const get = fetchHttpClient().get(url);

    await expect(get).rejects.toMatchObject({
      code: 'FEED_UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('ECONNREFUSED') as string,
    });
  });

  it('stops when the caller aborts, without retry', async () => {
    const url = await serve(() => undefined);
    const ac = new AbortController();

    const get = fetchHttpClient().get(url, { signal: ac.signal });
    ac.abort();

    await expect(get).rejects.toMatchObject({ code: 'ABORTED', retryable: false });
  });
});
