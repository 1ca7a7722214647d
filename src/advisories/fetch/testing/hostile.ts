import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** A responder for `MirrorRoute.respond`. */
export type Respond = (req: IncomingMessage, res: ServerResponse) => void;

import { pump, type Sent } from '../../../util/testing/pump.js';

export { pump, type Sent };

const MiB = 1024 * 1024;

/**
 * `Content-Encoding: gzip` of `mib` MiB of zeros, sent as 1 MiB gzip members one after another
 * (concatenated members are one gzip stream, RFC 1952 §2.2): ~1 KiB on the wire per MiB.
 */
export function gzipBomb(mib: number, sent: Sent): Respond {
  const member = gzipSync(new Uint8Array(MiB));
  return (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
    pump(res, member, mib, sent);
  };
}

/** A chunked body of blanks that goes on (up to `limitMiB` MiB, so the test is bounded). */
export function endlessBody(limitMiB: number, sent: Sent): Respond {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    pump(res, new Uint8Array(64 * 1024).fill(0x20), limitMiB * 16, sent);
  };
}

/** Headers, then one byte every `everyMs` (at most `max` bytes). */
export function trickle(everyMs: number, max: number): Respond {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let n = 0;
    const t = setInterval(() => {
      if (res.destroyed || ++n > max) {
        clearInterval(t);
        if (!res.destroyed) res.end();
      } else res.write(' ');
    }, everyMs);
  };
}

/** Accepts the request and never answers. */
export const silent: Respond = () => undefined;

/** A redirect to `location`. */
export function redirect(location: string, status = 302): Respond {
  return (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };
}
