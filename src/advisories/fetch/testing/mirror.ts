import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** What the mirror answers for one path. */
export interface MirrorRoute {
  body: Uint8Array | string;
  etag?: string;
  lastModified?: string;
  contentType?: string;
  /** Compress on the wire (`Content-Encoding: gzip`); the client sees the plain body. */
  gzipTransfer?: boolean;
  /** Statuses answered first, one per request (e.g. `[503]`), before the body is served. */
  failures?: number[];
  /** Always answer this status instead (e.g. 404). */
  status?: number;
  /** Retry-After sent with failures. */
  retryAfter?: string;
  /** Answers instead of everything above: a hostile or broken server (see `hostile.ts`). */
  respond?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A local stand-in for a vendor's site, on 127.0.0.1 and a random port. */
export interface Mirror {
  readonly url: string;
  readonly routes: Map<string, MirrorRoute>;
  readonly requests: { readonly path: string; readonly headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * Starts a static HTTP server that honours conditional requests the way the vendors' servers do
 * (RFC 9110 §13.1.2 If-None-Match first, then If-Modified-Since) and can fail on demand.
 */
export async function startMirror(): Promise<Mirror> {
  const routes = new Map<string, MirrorRoute>();
  const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    requests.push({ path, headers: req.headers });
    const route = routes.get(path);
    if (route?.respond) {
      route.respond(req, res);
      return;
    }
    const failure = route?.failures?.shift();
    const status = route ? (failure ?? route.status) : 404;
    if (!route || status !== undefined) {
      res.writeHead(status ?? 404, {
        'content-type': 'text/plain',
        ...(route?.retryAfter !== undefined && { 'retry-after': route.retryAfter }),
      });
      res.end(`status ${status ?? 404}`);
      return;
    }
    const headers: Record<string, string> = {
      'content-type': route.contentType ?? 'application/octet-stream',
      ...(route.etag && { etag: route.etag }),
      ...(route.lastModified && { 'last-modified': route.lastModified }),
    };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const notModified =
      inm !== undefined
        ? route.etag !== undefined && inm === route.etag
        : ims !== undefined &&
          route.lastModified !== undefined &&
          Date.parse(ims) >= Date.parse(route.lastModified);
    if (notModified) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let body = typeof route.body === 'string' ? Buffer.from(route.body) : Buffer.from(route.body);
    if (route.gzipTransfer) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
