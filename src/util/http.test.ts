import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../domain/errors.js';
import { fetchHttpClient } from './http.js';
import { pump } from './testing/pump.js';

const servers: Server[] = [];

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const MiB = 1024 * 1024;

describe('util/http', () => {
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
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

  it('decodes a gzip Content-Encoding', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(gzipSync('plain text'));
    });

    const res = await fetchHttpClient().get(url);

    expect(new TextDecoder().decode(res.body)).toBe('plain text');
  });

  it('stops a gzip bomb at the limit after decoding, without reading the rest', async () => {
    // 1 MiB of zeros per gzip member; members concatenated are one valid gzip stream.
    const member = gzipSync(new Uint8Array(MiB));
    const sent = { bytes: 0 };
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      pump(res, member, 4096, sent); // 4 GiB once decoded
    });
    let most = 0;

    const get = fetchHttpClient().get(url, {
      maxBytes: 2 * MiB,
      onBytes: (n) => (most = Math.max(most, n)),
    });

    await expect(get).rejects.toMatchObject({
      code: 'FEED_UNAVAILABLE',
      retryable: false,
      details: { limit: 'maxBytes', maxBytes: 2 * MiB },
      message: `GET ${url}: body is larger than the limit of ${2 * MiB} bytes (after decoding)`,
    });
    expect(most).toBeLessThanOrEqual(2 * MiB);
    expect(sent.bytes).toBeLessThan(member.length * 4096);
  });

  it('stops an endless chunked body at the limit', async () => {
    const sent = { bytes: 0 };
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      pump(res, new Uint8Array(64 * 1024).fill(0x20), 100_000, sent); // 6.1 GiB if read
    });

    const get = fetchHttpClient({ maxBytes: MiB }).get(url);

    await expect(get).rejects.toMatchObject({ details: { limit: 'maxBytes' } });
    expect(sent.bytes).toBeLessThan(256 * MiB);
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * MiB) });
      res.flushHeaders(); // and never sends the body
    });

    const get = fetchHttpClient({ maxBytes: MiB, idleTimeoutMs: 5000 }).get(url);

    await expect(get).rejects.toThrow(/limit of 1048576 bytes \(Content-Length is 10485760\)/);
  });

  it.each([
    ['never sends headers', () => undefined, /timed out: no response headers within 40 ms/, 40],
    [
      'goes silent after the headers',
      (_req: unknown, res: ServerResponse) => {
        res.writeHead(200);
        res.flushHeaders();
      },
      /stalled: no data for 100 ms/,
      5000,
    ],
    [
      'trickles a byte at a time',
      (_req: unknown, res: ServerResponse) => {
        res.writeHead(200);
        let n = 0;
        const t = setInterval(() => {
          if (res.destroyed || ++n > 1000) clearInterval(t);
          else res.write('x');
        }, 5);
      },
      /too slow: \d+ bytes in 100 ms \(at least 1000 expected\)/,
      5000,
    ],
  ])('fails a server that %s as a retryable TIMEOUT', async (_what, handler, message, head) => {
    const url = await serve(handler);

    const get = fetchHttpClient({
      headerTimeoutMs: head,
      idleTimeoutMs: 100,
      minBytesPerWindow: 1000,
    }).get(url);

    await expect(get).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
    await expect(get).rejects.toThrow(message);
  });

  it('fails a body cut short as a retryable FEED_UNAVAILABLE', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('0123456789', () => res.destroy());
    });

    const get = fetchHttpClient().get(url);

    await expect(get).rejects.toMatchObject({ code: 'FEED_UNAVAILABLE', retryable: true });
    await expect(get).rejects.toThrow(`GET ${url} failed while reading`);
  });

  it('reports a refused connection as a retryable FEED_UNAVAILABLE', async () => {
    const url = await serve(() => undefined);
    const s = servers.pop()!;
    await new Promise((resolve) => s.close(resolve));

    const get = fetchHttpClient().get(url);

    await expect(get).rejects.toMatchObject({
      code: 'FEED_UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('ECONNREFUSED') as string,
    });
  });

  it('stops when the caller aborts, without retry, or with the reason it gives', async () => {
    const url = await serve(() => undefined);
    const ac = new AbortController();
    const deadline = new AbortController();

    const get = fetchHttpClient().get(url, { signal: ac.signal });
    const late = fetchHttpClient().get(url, { signal: deadline.signal });
    ac.abort();
    deadline.abort(new AppError(ErrorCode.Timeout, 'deadline passed'));

    await expect(get).rejects.toMatchObject({ code: 'ABORTED', retryable: false });
    await expect(late).rejects.toMatchObject({ code: 'TIMEOUT', message: 'deadline passed' });
  });

  describe('redirects', () => {
    it('follows redirects within the origin and names the hops', async () => {
      const url = await serve((req, res) => {
        if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
        else if (req.url === '/b') res.writeHead(301, { location: `${url}/c` }).end();
        else res.end(`at ${req.url}`);
      });

      const res = await fetchHttpClient().get(`${url}/a`);

      expect(new TextDecoder().decode(res.body)).toBe('at /c');
      expect(res.redirects).toEqual([`${url}/b`, `${url}/c`]);
    });

    it.each([
      ['another port', (other: string) => `${other}/x`, /redirect to another origin/],
      ['file:', () => 'file:///etc/passwd', /file: URLs are not fetched/],
    ])('refuses a redirect to %s, naming every hop, not retryable', async (_w, to, why) => {
      const other = await serve((_req, res) => res.end('elsewhere'));
      const url = await serve((req, res) => {
        if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
        else res.writeHead(307, { location: to(other) }).end();
      });

      const get = fetchHttpClient().get(`${url}/a`);

      await expect(get).rejects.toMatchObject({ code: 'FEED_UNAVAILABLE', retryable: false });
      await expect(get).rejects.toThrow(`GET ${url}/a → ${url}/b → ${to(other)}: `);
      await expect(get).rejects.toThrow(why);
    });

    it('follows a redirect to an origin the caller allows', async () => {
      const other = await serve((_req, res) => res.end('elsewhere'));
      const url = await serve((_req, res) => res.writeHead(302, { location: other }).end());

      const res = await fetchHttpClient().get(url, { redirect: { origins: [other] } });

      expect(new TextDecoder().decode(res.body)).toBe('elsewhere');
    });

    it('stops a redirect loop after maxHops', async () => {
      let asked = 0;
      const url = await serve((req, res) => {
        asked++;
        res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
      });

      const get = fetchHttpClient().get(`${url}/a`, { redirect: { maxHops: 3 } });

      await expect(get).rejects.toThrow(
        `GET ${url}/a → ${url}/b → ${url}/a → ${url}/b → ${url}/a: more than 3 redirects`,
      );
      expect(asked).toBe(4);
    });
  });
});
