import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { actorOf, type Principal, type RequestOrigin } from '../domain/access.js';
import { AppError, ErrorCode, toAppError } from '../domain/errors.js';
import type { ServiceRuntime } from '../app/service/runtime.js';
import { authorise } from './auth.js';
import { hsts, htmlReportCsp, securityHeaders } from './headers.js';
import { createMetrics, type ApiMetrics } from './metrics.js';
import { openapiDocument } from './openapi.js';
import { problemOf } from './problem.js';
import { routeTable } from './routes/index.js';
import { RateLimiter } from './rate-limit.js';
import type { Format, RouteDef } from './routes/types.js';
import { zodProblem } from './validation.js';

export interface ApiOptions {
  /** Largest request body, bytes. @default 32 MiB */
  readonly bodyLimit?: number;
  /** Pino options, or false for none (tests). */
  readonly logger?: boolean | Readonly<Record<string, unknown>>;
  /** The server terminates TLS itself: cookies are Secure and HSTS is sent. */
  readonly tls?: boolean;
  /** Patchline's version, for the OpenAPI document. */
  readonly version?: string;
  /** Failed sign-ins per source address per minute. @default 30 */
  readonly authFailuresPerMinute?: number;
}

/** What handlers of this server can reach besides the runtime. */
export interface ApiState {
  readonly metrics: ApiMetrics;
  readonly secureCookies: boolean;
  readonly limits: { readonly login: RateLimiter; readonly tokens: RateLimiter };
  /** The route table this server serves. */
  readonly routes: readonly RouteDef[];
}

declare module 'fastify' {
  interface FastifyInstance {
    patchline: ApiState;
  }
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Builds the HTTP server over one runtime from the route table: each route's input is parsed
 * with its zod schemas, its caller authorised against its declared access, every mutating call
 * audited with actor, token, source address and request id, and every error answered as RFC
 * 9457 problem+json with the stable code.
 */
export async function buildApi(
  rt: ServiceRuntime,
  opts: ApiOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false || opts.logger === undefined
        ? false
        : {
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
            ],
          },
    bodyLimit: opts.bodyLimit ?? 32 * 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const metrics = createMetrics(rt);
  const perMinute = 60_000;
  const limits = {
    login: new RateLimiter(10, perMinute, rt.clock),
    tokens: new RateLimiter(20, perMinute, rt.clock),
  };
  let document: unknown;
  const routes: readonly RouteDef[] = routeTable({
    openapi: () => (document ??= openapiDocument(routes, opts.version ?? '0.0.0')),
    metrics: () => metrics.registry.metrics(),
    login: limits.login,
    tokens: limits.tokens,
    secure: opts.tls === true,
  });
  app.decorate('patchline', {
    metrics,
    secureCookies: opts.tls === true,
    limits,
    routes,
  } satisfies ApiState);
  const failures = new RateLimiter(opts.authFailuresPerMinute ?? 30, perMinute, rt.clock);

  // Bodies arrive as text: each route parses its own, so a bad one is located in the problem.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    for (const [k, v] of Object.entries(securityHeaders)) reply.header(k, v);
    if (opts.tls === true) reply.header('strict-transport-security', hsts);
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(
      req.method,
      req.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.setNotFoundHandler((req, reply) => {
    sendProblem(
      reply,
      req,
      new AppError(ErrorCode.NotFound, `no route ${req.method} ${req.url.split('?')[0]}`),
    );
  });
  app.setErrorHandler((err: unknown, req, reply) => {
    const f = err as { code?: string; statusCode?: number; message?: string };
    const mapped =
      f.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new AppError(
            ErrorCode.PayloadTooLarge,
            `the request body is above the limit of ${app.initialConfig.bodyLimit} bytes`,
          )
        : typeof f.statusCode === 'number' && f.statusCode < 500 && !(err instanceof AppError)
          ? new AppError(ErrorCode.InputInvalid, f.message ?? 'bad request')
          : err;
    sendProblem(reply, req, mapped);
  });

  for (const def of routes) {
    app.route({
      method: def.method,
      url: def.path,
      handler: async (req, reply) => {
        const origin: RequestOrigin = { requestId: req.id, source: req.ip };
        const principal = await authorise(req, def, rt, {
          secureCookies: opts.tls === true,
          failures,
          origin,
        });
        const raw = typeof req.body === 'string' ? req.body : undefined;
        const input = parseInput(def, req, raw);
        const format = chooseFormat(def, req.headers.accept);
        const result = await def.handler(
          { principal, ...input, origin, format, raw, headers: req.headers },
          rt,
        );
        if (mutating.has(def.method) && principal !== undefined) {
          await audit(
            rt,
            def,
            req,
            principal,
            origin,
            'audit' in result ? result.audit : undefined,
          );
        }
        if (result.headers) for (const [k, v] of Object.entries(result.headers)) reply.header(k, v);
        if ('media' in result) {
          if (result.media.type.startsWith('text/html')) {
            reply.header('content-security-policy', htmlReportCsp);
          }
          return reply.type(result.media.type).send(result.media.body);
        }
        return reply
          .code(result.status ?? def.status ?? 200)
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(result.body));
      },
    });
  }
  return app;
}

function sendProblem(reply: FastifyReply, req: FastifyRequest, thrown: unknown): void {
  const p = problemOf(thrown, req.id, req.url.split('?')[0]);
  if (p.status >= 500) {
    req.log.error({ err: toAppError(thrown), requestId: req.id }, 'request failed');
  }
  if (p.status === 401) reply.header('www-authenticate', 'Bearer realm="patchline"');
  const retry = (toAppError(thrown).details as { retryAfter?: number } | undefined)?.retryAfter;
  if (p.status === 429 && retry !== undefined) reply.header('retry-after', String(retry));
  void reply.code(p.status).type('application/problem+json').send(JSON.stringify(p));
}

function parseInput(
  def: RouteDef,
  req: FastifyRequest,
  raw: string | undefined,
): { params: unknown; query: unknown; body: unknown } {
  const params = parseWith(def.params, req.params, 'path');
  const query = parseWith(def.query, req.query, 'query');
  let body: unknown;
  if (def.body !== undefined && !def.rawBody) {
    let json: unknown;
    try {
      json = raw === undefined || raw === '' ? undefined : JSON.parse(raw);
    } catch (e) {
      throw new AppError(
        ErrorCode.InputInvalid,
        `the request body is not JSON: ${(e as Error).message}`,
        {
          location: { pointer: '' },
        },
      );
    }
    body = parseWith(def.body, json, 'body');
  }
  return { params, query, body };
}

function parseWith(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (schema === undefined) return value ?? {};
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw zodProblem(r.error, where);
  return r.data;
}

function chooseFormat(def: RouteDef, accept: string | undefined): Format {
  if (accept === undefined || def.formats === undefined) return 'json';
  if (def.formats.includes('csv') && /\btext\/csv\b/.test(accept)) return 'csv';
  if (def.formats.includes('html') && /\btext\/html\b/.test(accept)) return 'html';
  return 'json';
}

async function audit(
  rt: ServiceRuntime,
  def: RouteDef,
  req: FastifyRequest,
  principal: Principal,
  origin: RequestOrigin,
  note: { action?: string; object?: string; before?: unknown; after?: unknown } | undefined,
): Promise<void> {
  await rt.store.audit.append({
    actor: actorOf(principal),
    action: note?.action ?? `api.${def.tag}.${def.method.toLowerCase()}`,
    object: note?.object ?? req.url.split('?')[0]!,
    details: {
      route: `${def.method} ${def.path}`,
      requestId: origin.requestId,
      source: origin.source,
      ...(principal.tokenId !== undefined && { tokenId: principal.tokenId }),
      ...(note?.before !== undefined && { before: note.before }),
      ...(note?.after !== undefined && { after: note.after }),
    },
  });
}
