import { z } from 'zod';
import {
  activatePolicy,
  approveWaiver,
  diffPolicyVersions,
  getPolicyVersion,
  getWaiverRequest,
  listPolicyVersions,
  listWaiverRequests,
  rejectWaiver,
  requestWaiver,
  revokeWaiver,
  uploadPolicy,
} from '../../app/policy-versions/index.js';
import { checkPolicyText } from '../../app/policy.js';
import { anyJson, idParam } from './schemas.js';
import { route, type RouteDef } from './types.js';

const version = z.object({ version: z.coerce.number().int().min(1) });
const waiver = z.looseObject({ id: z.string(), state: z.string(), status: z.string() });

export const policyRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/api/v1/policy/versions',
    access: 'read',
    tag: 'policy',
    summary: 'every stored policy version, the active one marked',
    response: z.object({
      versions: z.array(z.looseObject({ version: z.number(), active: z.boolean() })),
    }),
    handler: async (_req, rt) => ({ body: { versions: await listPolicyVersions(rt.store) } }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/policy/versions/:version',
    access: 'read',
    tag: 'policy',
    summary: 'one version with its files',
    params: version,
    response: z.looseObject({ version: z.number() }),
    handler: async ({ params }, rt) => ({ body: await getPolicyVersion(rt.store, params.version) }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/policy/validate',
    access: 'read',
    tag: 'policy',
    summary: 'check a policy (YAML body) without storing it; problems are located by file:line:col',
    body: z.string(),
    rawBody: true,
    response: z.object({
      ok: z.boolean(),
      diagnostics: z.array(z.looseObject({ message: z.string() })),
    }),
    handler: ({ raw }, rt) => {
      const r = checkPolicyText(raw ?? '', rt.clock.now(), rt.config.maxInputBytes);
      return Promise.resolve({
        body: { ok: r.policy !== undefined, diagnostics: r.diagnostics.map((d) => ({ ...d })) },
      });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/policy/versions',
    access: 'operate',
    tag: 'policy',
    summary:
      'upload a policy (YAML body) as a new immutable version; an invalid one stores nothing',
    query: z.object({ comment: z.string().max(500).optional() }),
    body: z.string(),
    rawBody: true,
    status: 201,
    response: z.looseObject({
      version: z.looseObject({ version: z.number() }),
      created: z.boolean(),
    }),
    handler: async ({ principal, query, raw }, rt) => {
      const r = await uploadPolicy(rt.store, {
        bundle: raw ?? '',
        principal: principal!,
        now: rt.clock.now(),
        maxInputBytes: rt.config.maxInputBytes,
        ...(query.comment !== undefined && { comment: query.comment }),
      });
      return {
        status: r.created ? 201 : 200,
        body: { ...r, diagnostics: r.diagnostics.map((d) => ({ ...d })) },
        audit: {
          object: `policy-version:${r.version.version}`,
          after: { version: r.version.version },
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/policy/versions/:version/activate',
    access: 'admin',
    tag: 'policy',
    summary: 'make a version the policy in force',
    params: version,
    body: z.object({}).optional(),
    response: z.object({ before: z.number().nullable(), after: z.number(), changed: z.boolean() }),
    handler: async ({ principal, params }, rt) => {
      const r = await activatePolicy(rt.store, params.version, principal!);
      rt.policyChanged();
      return {
        body: r,
        audit: { object: `policy-version:${params.version}`, before: r.before, after: r.after },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/policy/diff',
    access: 'read',
    tag: 'policy',
    summary:
      'what changed between two versions: a unified diff and the tiers, rules, windows and waivers touched',
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    response: anyJson,
    handler: async ({ query }, rt) => ({
      body: await diffPolicyVersions(rt.store, query.from, query.to),
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/waivers',
    access: 'read',
    tag: 'waivers',
    summary: 'waiver requests with their status today',
    query: z.object({
      status: z.enum(['requested', 'approved', 'rejected', 'revoked', 'expired']).optional(),
    }),
    response: z.object({ waivers: z.array(waiver) }),
    handler: async ({ query }, rt) => ({
      body: {
        waivers: await listWaiverRequests(rt.store, {
          now: rt.clock.now(),
          ...(query.status && { status: query.status }),
        }),
      },
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/waivers/:id',
    access: 'read',
    tag: 'waivers',
    summary: 'one waiver request',
    params: idParam,
    response: waiver,
    handler: async ({ params }, rt) => ({
      body: await getWaiverRequest(rt.store, params.id, rt.clock.now()),
    }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/waivers',
    access: 'operate',
    tag: 'waivers',
    summary: 'request a waiver (scope as in the policy; expiry bounded by the tier)',
    body: z.object({
      scope: z.looseObject({}),
      reason: z.string().min(1).max(2000),
      expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      compensatingControl: z.string().max(2000).optional(),
    }),
    status: 201,
    response: waiver,
    handler: async ({ principal, body }, rt) => {
      const w = await requestWaiver(rt.store, {
        scope: body.scope,
        reason: body.reason,
        expires: body.expires,
        requestedBy: principal!,
        policy: await rt.policy(),
        now: rt.clock.now(),
        ...(body.compensatingControl !== undefined && {
          compensatingControl: body.compensatingControl,
        }),
      });
      return { body: w, audit: { object: `waiver:${w.id}`, after: { state: w.state } } };
    },
  }),
  ...(['approve', 'reject', 'revoke'] as const).map((verb) =>
    route({
      method: 'POST',
      path: `/api/v1/waivers/:id/${verb}`,
      access: verb === 'revoke' ? 'operate' : 'approve',
      tag: 'waivers',
      summary:
        verb === 'approve'
          ? 'approve a waiver request (never your own; the policy may ask for several approvers)'
          : verb === 'reject'
            ? 'reject a waiver request (never your own)'
            : 'revoke a requested or approved waiver',
      params: idParam,
      body: z.object({ reason: z.string().max(2000).optional() }).optional(),
      response: z.object({ request: waiver, before: z.string(), changed: z.boolean() }),
      handler: async ({ principal, params, body }, rt) => {
        const now = rt.clock.now();
        const t =
          verb === 'approve'
            ? await approveWaiver(rt.store, params.id, principal!, now)
            : verb === 'reject'
              ? await rejectWaiver(rt.store, params.id, principal!, body?.reason ?? '', now)
              : await revokeWaiver(rt.store, params.id, principal!, now, body?.reason);
        if (t.changed) rt.policyChanged();
        return {
          body: t,
          audit: {
            action: `api.waiver.${verb}`,
            object: `waiver:${t.request.id}`,
            before: t.before,
            after: t.request.state,
          },
        };
      },
    }),
  ),
];
