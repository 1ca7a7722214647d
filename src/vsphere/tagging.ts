import { z } from 'zod';
import { AppError, ErrorCode } from '../domain/errors.js';
import { createAgent, httpsRequest, type TlsTrust } from './transport.js';
import type { CallOptions, MoRef } from './types.js';

/** A tag attached to an object, with its category's name. */
export interface AttachedTag {
  readonly category: string;
  readonly name: string;
}

/**
 * The vSphere Automation tagging service over its `/rest` endpoint (vSphere 6.5+; tags are not
 * in vim25): a session from basic auth, then `vmware-api-session-id` on each request.
 */
export interface TaggingClient {
  /** Tags on each object, read with one batched list-attached-tags-on-objects call. */
  attachedTags(objects: readonly MoRef[], opts?: CallOptions): Promise<Map<string, AttachedTag[]>>;
  /** Raw JSON call relative to `/rest`; returns `value`. */
  call(method: string, path: string, body?: unknown, opts?: CallOptions): Promise<unknown>;
  close(): Promise<void>;
}

const Value = z.object({ value: z.unknown() });
const Ids = z
  .array(z.string())
  .nullable()
  .transform((v) => v ?? []);
const Named = z.object({ id: z.string(), name: z.string(), category_id: z.string().optional() });
const Attached = z.array(
  z.object({
    object_id: z.object({ type: z.string(), id: z.string() }),
    tag_ids: z.array(z.string()).nullish(),
  }),
);

export interface TaggingOptions {
  /** The vim25 URL (`https://host/sdk`); the REST base is derived from it. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly tls: TlsTrust;
  readonly timeoutMs?: number;
}

/** Opens a tagging session. Throws VSPHERE_LOGIN_FAILED on 401, EXTERNAL_HOST_ERROR when absent. */
export async function connectTagging(
  o: TaggingOptions,
  opts: CallOptions = {},
): Promise<TaggingClient> {
  const base = new URL('/rest', o.url.includes('://') ? o.url : `https://${o.url}`);
  const agent = createAgent(o.tls, o.timeoutMs ?? 60_000);
  let token = '';
  async function call(
    method: string,
    path: string,
    body?: unknown,
    c: CallOptions = {},
  ): Promise<unknown> {
    const timeout = AbortSignal.timeout(o.timeoutMs ?? 60_000);
    const signal = c.signal ? AbortSignal.any([c.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
    };
    if (token) headers['vmware-api-session-id'] = token;
    else {
      headers.authorization = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;
    }
    const url = new URL(`${base.pathname}${path}`, base);
    const res = await httpsRequest(
      method,
      url,
      agent,
      headers,
      body === undefined ? undefined : JSON.stringify(body),
      signal,
    );
    if (res.status === 401 || res.status === 403) {
      throw new AppError(ErrorCode.VsphereLoginFailed, `tagging: HTTP ${res.status}`);
    }
    if (res.status < 200 || res.status >= 300) {
      throw new AppError(ErrorCode.ExternalHost, `tagging ${method} ${path}: HTTP ${res.status}`, {
        retryable: res.status >= 500,
        details: { status: res.status },
      });
    }
    if (res.body.trim() === '') return undefined;
    return Value.parse(JSON.parse(res.body)).value;
  }
  try {
    token = z.string().parse(await call('POST', '/com/vmware/cis/session', undefined, opts));
  } catch (e) {
    agent.destroy();
    throw e;
  }
  return {
    call,
    attachedTags: (objects, c = {}) => attachedTags(call, objects, c),
    async close() {
      await call('DELETE', '/com/vmware/cis/session').catch(() => undefined);
      agent.destroy();
    },
  };
}

type Call = TaggingClient['call'];

async function attachedTags(
  call: Call,
  objects: readonly MoRef[],
  c: CallOptions,
): Promise<Map<string, AttachedTag[]>> {
  const out = new Map<string, AttachedTag[]>();
  if (objects.length === 0) return out;
  const names = async (path: string): Promise<Map<string, z.infer<typeof Named>>> => {
    const m = new Map<string, z.infer<typeof Named>>();
    for (const id of Ids.parse(await call('GET', path, undefined, c))) {
      m.set(
        id,
        Named.parse(await call('GET', `${path}/id:${encodeURIComponent(id)}`, undefined, c)),
      );
    }
    return m;
  };
  const categories = await names('/com/vmware/cis/tagging/category');
  const tags = await names('/com/vmware/cis/tagging/tag');
  if (tags.size === 0) return out;
  const body = { object_ids: objects.map((o) => ({ type: o.type, id: o.value })) };
  const attached = Attached.parse(
    await call(
      'POST',
      '/com/vmware/cis/tagging/tag-association?~action=list-attached-tags-on-objects',
      body,
      c,
    ),
  );
  for (const a of attached) {
    const list: AttachedTag[] = [];
    for (const id of a.tag_ids ?? []) {
      const t = tags.get(id);
      if (t) list.push({ category: categories.get(t.category_id ?? '')?.name ?? '', name: t.name });
    }
    if (list.length > 0) out.set(a.object_id.id, list);
  }
  return out;
}
