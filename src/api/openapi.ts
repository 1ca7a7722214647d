import { z } from 'zod';
import type { RouteDef } from './routes/types.js';

type Json = Record<string, unknown>;

function schemaOf(t: z.ZodType, io: 'input' | 'output'): Json {
  const s = z.toJSONSchema(t, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete s.$schema;
  return s;
}

const problemSchema: Json = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'the stable AppError code' },
    location: { type: 'string' },
    requestId: { type: 'string' },
    retryable: { type: 'boolean' },
  },
};

/** `/api/v1/assets/:id` as OpenAPI writes it, `/api/v1/assets/{id}`. */
export function openapiPath(path: string): string {
  return path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

function parameters(t: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (t === undefined) return [];
  const s = schemaOf(t, 'input');
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema,
    ...(typeof schema.description === 'string' && { description: schema.description }),
  }));
}

/**
 * The OpenAPI 3.1 document of the route table (JSON Schema 2020-12 from the same zod schemas
 * the server parses with). Each operation names its permission in `x-permission`.
 */
export function openapiDocument(routes: readonly RouteDef[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const p = (paths[openapiPath(r.path)] ??= {});
    const status = String(r.status ?? 200);
    const content: Json = { 'application/json': { schema: schemaOf(r.response, 'output') } };
    for (const f of r.formats ?? []) {
      content[f === 'csv' ? 'text/csv' : 'text/html'] = { schema: { type: 'string' } };
    }
    p[r.method.toLowerCase()] = {
      operationId: `${r.method.toLowerCase()}${openapiPath(r.path)
        .replace(/^\/api(\/v1)?/, '')
        .replace(/[{}]/g, '')
        .split(/[/-]/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('')}`,
      summary: r.summary,
      tags: [r.tag],
      'x-permission': r.access,
      ...(r.access !== 'public' && { security: [{ bearer: [] }, { session: [] }] }),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body !== undefined && {
        requestBody: {
          required: true,
          content: r.rawBody
            ? { 'text/plain': { schema: { type: 'string' } } }
            : { 'application/json': { schema: schemaOf(r.body, 'input') } },
        },
      }),
      responses: {
        [status]: { description: 'success', content },
        default: {
          description: 'an RFC 9457 problem',
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Patchline API', version },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token, `plt_…`' },
        session: { type: 'apiKey', in: 'cookie', name: 'patchline_session' },
      },
    },
  };
}
