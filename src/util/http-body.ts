import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AppError, ErrorCode } from '../domain/errors.js';

export interface BodyLimits {
  /** Bytes accepted on the wire and after decoding, each. */
  readonly maxBytes: number;
  /** Longest wait for the next chunk on the wire. */
  readonly idleTimeoutMs: number;
  /**
   * Bytes that must arrive on the wire in every `idleTimeoutMs` window (curl's low-speed limit),
   * so a server trickling a byte at a time fails as one that sends nothing.
   */
  readonly minBytesPerWindow: number;
}

interface BodyContext {
  /** `GET a → b`, for messages. */
  readonly what: string;
  readonly signal: AbortSignal | undefined;
  readonly onBytes?: (received: number, expected: number | undefined) => void;
}

/**
 * Reads a response body, undoing Content-Encoding (RFC 9110 §8.4: codings listed in the order
 * applied, so undone last to first) as a stream and counting bytes after decoding: at
 * `maxBytes` + 1 the exchange is torn down, so memory stays near `maxBytes` whatever the body
 * would expand to (OWASP: limit request/response size after decompression). A server silent for
 * `idleTimeoutMs` fails retryably; a declared Content-Length over the limit fails before reading.
 */
export function readBoundedBody(
  res: IncomingMessage,
  limits: BodyLimits,
  ctx: BodyContext,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    const expected = Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
    const codings = (res.headers['content-encoding'] ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== '' && c !== 'identity');
    const streams: Readable[] = [res];
    const chunks: Uint8Array[] = [];
    let raw = 0;
    let decoded = 0;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    let windowBytes = 0;
    const window = setInterval(() => {
      if (windowBytes === 0) finish(idleError(ctx.what, limits.idleTimeoutMs));
      else if (windowBytes < limits.minBytesPerWindow) {
        finish(slowError(ctx.what, windowBytes, limits));
      }
      windowBytes = 0;
    }, limits.idleTimeoutMs);

    const finish = (e: AppError | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearInterval(window);
      ctx.signal?.removeEventListener('abort', onAbort);
      if (e) {
        for (const s of streams) s.destroy();
        reject(e);
        return;
      }
      resolve(concat(chunks, decoded));
    };
    const onAbort = (): void => finish(abortReason(ctx));
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(
        () => finish(idleError(ctx.what, limits.idleTimeoutMs)),
        limits.idleTimeoutMs,
      );
    };

    if (ctx.signal?.aborted) return finish(abortReason(ctx));
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    if (expected !== undefined && expected > limits.maxBytes) {
      return finish(tooLarge(ctx.what, limits.maxBytes, `Content-Length is ${expected}`));
    }
    let out: Readable = res;
    for (const coding of codings.reverse()) {
      const decoder = decoderFor(coding);
      if (!decoder) {
        return finish(
          new AppError(
            ErrorCode.FeedUnavailable,
            `${ctx.what}: unknown Content-Encoding ${coding}`,
            {
              details: { contentEncoding: coding },
            },
          ),
        );
      }
      decoder.on('error', (e) =>
        finish(
          new AppError(
            ErrorCode.FeedUnavailable,
            `${ctx.what}: Content-Encoding ${coding} cannot be decoded: ${e.message}`,
            { cause: e },
          ),
        ),
      );
      streams.push(decoder);
      out = out.pipe(decoder);
    }
    res.on('data', (chunk: Buffer) => {
      raw += chunk.length;
      windowBytes += chunk.length;
      armIdle();
      if (raw > limits.maxBytes) finish(tooLarge(ctx.what, limits.maxBytes, 'on the wire'));
    });
    res.on('error', (e) =>
      finish(
        new AppError(ErrorCode.FeedUnavailable, `${ctx.what} failed while reading: ${e.message}`, {
          cause: e,
          retryable: true,
        }),
      ),
    );
    out.on('data', (chunk: Buffer) => {
      if (settled) return;
      decoded += chunk.length;
      if (decoded > limits.maxBytes) {
        finish(tooLarge(ctx.what, limits.maxBytes, 'after decoding'));
        return;
      }
      chunks.push(chunk);
      ctx.onBytes?.(decoded, codings.length === 0 ? expected : undefined);
    });
    // A socket closed without an error event must not leave the promise pending.
    res.on('close', () => {
      if (!res.complete) {
        finish(
          new AppError(ErrorCode.FeedUnavailable, `${ctx.what} failed: connection closed early`, {
            retryable: true,
          }),
        );
      }
    });
    out.on('end', () => finish(undefined));
    armIdle();
  });
}

function decoderFor(coding: string): Transform | undefined {
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'deflate') return createInflate();
  if (coding === 'br') return createBrotliDecompress();
  return undefined;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function abortReason(ctx: BodyContext): AppError {
  return abortError(ctx.signal, ctx.what);
}

/** The caller's reason when it is an AppError (a deadline), else ABORTED. */
export function abortError(signal: AbortSignal | undefined, what: string): AppError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AppError) return reason;
  return new AppError(ErrorCode.Aborted, `${what} aborted`, { cause: reason });
}

function slowError(what: string, got: number, limits: BodyLimits): AppError {
  return new AppError(
    ErrorCode.Timeout,
    `${what} too slow: ${got} bytes in ${limits.idleTimeoutMs} ms (at least ${limits.minBytesPerWindow} expected)`,
    { retryable: true, details: { limit: 'idleTimeoutMs', idleTimeoutMs: limits.idleTimeoutMs } },
  );
}

function idleError(what: string, ms: number): AppError {
  return new AppError(ErrorCode.Timeout, `${what} stalled: no data for ${ms} ms`, {
    retryable: true,
    details: { limit: 'idleTimeoutMs', idleTimeoutMs: ms },
  });
}

function tooLarge(what: string, maxBytes: number, where: string): AppError {
  return new AppError(
    ErrorCode.FeedUnavailable,
    `${what}: body is larger than the limit of ${maxBytes} bytes (${where})`,
    { retryable: false, details: { limit: 'maxBytes', maxBytes } },
  );
}
