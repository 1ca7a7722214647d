import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Permission, Principal, RequestOrigin } from '../../domain/access.js';
import type { ServiceRuntime } from '../../app/service/runtime.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Media types a route can answer besides JSON, chosen by the request's Accept header. */
export type Format = 'json' | 'csv' | 'html';

/**
 * Who may call a route: a permission (a role that holds it, within its scope), `authenticated`
 * (any signed-in caller, e.g. reading their own identity) or `public` (health and the OpenAPI
 * document, the login itself).
 */
export type Access = Permission | 'authenticated' | 'public';

export interface ApiRequest<P, Q, B> {
  /** Absent only on public routes. */
  readonly principal: Principal | undefined;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly origin: RequestOrigin;
  readonly format: Format;
  /** The raw body, for routes that take a document (`rawBody`). */
  readonly raw: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What a mutating handler says for the audit event the route layer writes. */
export interface AuditNote {
  readonly action?: string;
  readonly object?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export type RouteResult<R> =
  | {
      readonly body: R;
      readonly status?: number;
      readonly audit?: AuditNote;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      /** A non-JSON answer (CSV, HTML), streamed or whole. */
      readonly media: { readonly type: string; readonly body: string | Readable };
      readonly audit?: AuditNote;
      readonly headers?: Readonly<Record<string, string>>;
    };

/** One route of the table: the single source for the server, the OpenAPI document and the permission test. */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: Method;
  /** Fastify path syntax, `/api/v1/assets/:id`. */
  readonly path: string;
  readonly access: Access;
  readonly summary: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** The JSON answer's schema. */
  readonly response: R;
  /** @default 200 */
  readonly status?: number;
  /** Other media types than JSON this route answers. */
  readonly formats?: readonly Exclude<Format, 'json'>[];
  /** Take the body as text (documents like inventories and policies), not JSON. */
  readonly rawBody?: boolean;
  /** Whether the scope of a scoped role applies: routes over assets filter to what it reaches. */
  readonly scoped?: boolean;
  readonly handler: (
    req: ApiRequest<z.infer<P>, z.infer<Q>, z.infer<B>>,
    rt: ServiceRuntime,
  ) => Promise<RouteResult<unknown>>;
}

/** Keeps each route's types while the table holds them all. */
export function route<
  P extends z.ZodType = z.ZodObject<Record<string, never>>,
  Q extends z.ZodType = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(def: RouteDef<P, Q, B, R>): RouteDef {
  return def;
}
