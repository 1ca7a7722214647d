import { AppError, ErrorCode } from '../../domain/index.js';
import type { Diagnostic } from '../../domain/index.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 (dropping a BOM); throws ADVISORY_INVALID naming the document on bad bytes. */
export function decodeText(bytes: Uint8Array, name: string): string {
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (cause) {
    throw invalidDocument(name, 'is not valid UTF-8 text', cause);
  }
}

/** Parses JSON; a syntax error throws ADVISORY_INVALID naming the document. */
export function parseJsonDocument(bytes: Uint8Array, name: string): unknown {
  const text = decodeText(bytes, name);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw invalidDocument(name, `is not valid JSON (${(cause as Error).message})`, cause);
  }
}

export function invalidDocument(name: string, what: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.AdvisoryInvalid, `advisory document ${name} ${what}`, {
    cause,
    location: { file: name },
  });
}

/** JSON pointer (RFC 6901) for a path of keys and indexes. */
export function pointer(path: readonly (string | number)[]): string {
  return path.map((p) => '/' + String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** Collects diagnostics for one document; every entry names the source and the file. */
export interface DiagnosticSink {
  readonly diagnostics: Diagnostic[];
  error(message: string, where: { pointer?: string; line?: number; record?: string }): void;
  warn(message: string, where: { pointer?: string; line?: number; record?: string }): void;
}

export function diagnosticSink(source: string, file: string): DiagnosticSink {
  const diagnostics: Diagnostic[] = [];
  const push = (
    severity: Diagnostic['severity'],
    message: string,
    where: { pointer?: string; line?: number; record?: string },
  ): void => {
    diagnostics.push({ severity, message: `${source}: ${message}`, location: { file, ...where } });
  };
  return {
    diagnostics,
    error: (message, where) => push('error', message, where),
    warn: (message, where) => push('warning', message, where),
  };
}
