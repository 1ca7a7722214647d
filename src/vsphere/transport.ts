import { createHash, X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { AppError, ErrorCode } from '../domain/errors.js';

/**
 * How the vCenter certificate is trusted. Verification is always on: either the system store, a
 * custom CA bundle (PEM), or a pinned SHA-256 fingerprint of the leaf certificate (what `govc`
 * calls a thumbprint) for self-signed vCenters. There is no "insecure" mode.
 */
export type TlsTrust =
  | { readonly kind: 'system' }
  | { readonly kind: 'ca'; readonly ca: string }
  | { readonly kind: 'thumbprint'; readonly sha256: string };

/** Normalises `AA:BB:…` / `aabb…` to upper-case colon form; throws CONFIG_INVALID otherwise. */
export function normalizeThumbprint(s: string): string {
  const hex = s.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      'thumbprint must be a SHA-256 fingerprint (64 hex digits)',
    );
  }
  return hex.match(/../g)!.join(':');
}

/** The SHA-256 fingerprint of a DER certificate, in the same form as `normalizeThumbprint`. */
export function fingerprint256(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

type ConnectCallback = (err: Error | null, socket?: Duplex) => void;

/**
 * An HTTPS agent enforcing `trust`. For a pinned thumbprint the chain check is replaced by the
 * pin: the socket is handed to the HTTP layer only after the handshake and the fingerprint
 * match, so no request byte (credentials included) reaches an unpinned peer.
 */
export function createAgent(trust: TlsTrust, handshakeTimeoutMs = 30_000): https.Agent {
  if (trust.kind === 'system') return new https.Agent({ keepAlive: true });
  if (trust.kind === 'ca') {
    validateCa(trust.ca);
    return new https.Agent({ keepAlive: true, ca: trust.ca });
  }
  const pin = normalizeThumbprint(trust.sha256);
  const agent = new https.Agent({ keepAlive: true });
  const pinned = (options: tls.ConnectionOptions, cb: ConnectCallback): undefined => {
    const socket = tls.connect({ ...options, rejectUnauthorized: false });
    const onError = (e: Error): void => cb(e);
    socket.once('error', onError);
    // The HTTP layer cannot abort a socket it has not been given yet: bound the handshake here.
    socket.setTimeout(handshakeTimeoutMs, () =>
      socket.destroy(
        new AppError(ErrorCode.Timeout, 'TLS handshake timed out', { retryable: true }),
      ),
    );
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      socket.off('error', onError);
      const got = fingerprint256(socket.getPeerCertificate().raw);
      if (got === pin) {
        cb(null, socket);
        return;
      }
      socket.destroy();
      cb(
        new AppError(
          ErrorCode.TlsUntrusted,
          `certificate fingerprint ${got} does not match the pinned thumbprint`,
          {
            details: { expected: pin, got },
          },
        ),
      );
    });
    return undefined;
  };
  (agent as unknown as { createConnection: typeof pinned }).createConnection = pinned;
  return agent;
}

function validateCa(pem: string): void {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw new AppError(ErrorCode.ConfigInvalid, 'CA bundle holds no PEM certificate');
  }
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch (e) {
      throw new AppError(ErrorCode.ConfigInvalid, 'CA bundle holds an unreadable certificate', {
        cause: e,
      });
    }
  }
}

const tlsErrorCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface PostResult {
  readonly status: number;
  readonly body: string;
  readonly setCookie: readonly string[];
}

/** POSTs a SOAP envelope; network, TLS, abort and timeout failures become AppErrors. */
export function postSoap(
  url: URL,
  agent: https.Agent,
  headers: Readonly<Record<string, string>>,
  body: string,
  signal: AbortSignal,
): Promise<PostResult> {
  return httpsRequest('POST', url, agent, headers, body, signal);
}

/** One HTTPS request through `agent`; the body is read whole. */
export function httpsRequest(
  method: string,
  url: URL,
  agent: https.Agent,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, agent, headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(transportError(e, url, signal)));
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'] ?? [];
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          setCookie,
        });
      });
    });
    req.on('error', (e) => reject(transportError(e, url, signal)));
    // Settle on abort even while the agent is still connecting (no socket to destroy yet).
    const onAbort = (): void => {
      req.destroy();
      reject(transportError(new Error('aborted'), url, signal));
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
    req.end(body);
  });
}

function transportError(e: Error, url: URL, signal: AbortSignal): AppError {
  if (e instanceof AppError) return e;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
    return new AppError(
      timedOut ? ErrorCode.Timeout : ErrorCode.Aborted,
      `${url.host}: ${timedOut ? 'timed out' : 'aborted'}`,
      {
        cause: e,
        retryable: timedOut,
      },
    );
  }
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (tlsErrorCodes.has(code)) {
    return new AppError(ErrorCode.TlsUntrusted, `${url.host}: certificate not trusted (${code})`, {
      cause: e,
    });
  }
  return new AppError(ErrorCode.ExternalHost, `${url.host}: ${e.message}`, {
    cause: e,
    retryable: true,
  });
}
