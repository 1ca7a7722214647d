import { z } from 'zod';
import { actorOf, inScope, type Principal } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { setAssetLabels } from '../../app/asset-labels.js';
import { retireAsset } from '../../app/asset-lifecycle.js';
import { listAssets } from '../../app/list-assets.js';
import type { ServiceRuntime } from '../../app/service/runtime.js';
import { scopeFilter } from '../scope.js';
import { assetListing, flag, labels, labelSelector, nameParam } from './schemas.js';
import { route, type RouteDef } from './types.js';

/** NOT_FOUND for an asset that is missing or outside the caller's scope: both read the same. */
export async function assetInScope(
  rt: ServiceRuntime,
  principal: Principal | undefined,
  name: string,
) {
  const a = await rt.store.assets.findByName(name);
  if (!a || (principal !== undefined && !inScope(principal, a.labels))) {
    throw new AppError(ErrorCode.NotFound, `no asset named "${name}"`, {
      location: { record: name },
    });
  }
  return a;
}

export const assetRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/api/v1/assets',
    access: 'read',
    scoped: true,
    tag: 'assets',
    summary: 'live assets (hosts and image versions), with lineage',
    query: z.object({
      kind: z.enum(['host', 'image']).optional(),
      label: labelSelector,
      includeRetired: flag,
    }),
    response: z.object({ assets: z.array(assetListing) }),
    handler: async ({ principal, query }, rt) => {
      let assets = scopeFilter(
        principal,
        await listAssets(rt.store, {
          ...(query.kind && { kind: query.kind }),
          includeRetired: query.includeRetired,
        }),
      );
      const want = Object.entries(query.label ?? {});
      assets = assets.filter((a) => want.every(([k, v]) => a.labels[k] === v));
      return { body: { assets } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/assets/:name',
    access: 'read',
    scoped: true,
    tag: 'assets',
    summary: 'one asset',
    params: nameParam,
    response: assetListing,
    handler: async ({ principal, params }, rt) => {
      await assetInScope(rt, principal, params.name);
      const [one] = await listAssets(rt.store, { includeRetired: true, name: params.name });
      return { body: one! };
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/assets/:name/labels',
    access: 'operate',
    scoped: true,
    tag: 'assets',
    summary: 'set or remove labels (null removes); `replace` replaces them all',
    params: nameParam,
    body: z.object({
      labels: z.record(z.string().min(1).max(128), z.string().max(512).nullable()),
      replace: z.boolean().optional(),
    }),
    response: z.object({ name: z.string(), labels }),
    handler: async ({ principal, params, body, origin }, rt) => {
      await assetInScope(rt, principal, params.name);
      const { asset, before } = await setAssetLabels(rt.store, params.name, {
        actor: actorOf(principal!),
        set: body.labels,
        ...(body.replace !== undefined && { replace: body.replace }),
        details: { requestId: origin.requestId },
      });
      // A scoped caller may not move an asset out of their own reach.
      if (!inScope(principal!, asset.labels)) {
        await setAssetLabels(rt.store, params.name, {
          actor: actorOf(principal!),
          set: before,
          replace: true,
        });
        throw new AppError(
          ErrorCode.Forbidden,
          'these labels would move the asset outside your scope',
        );
      }
      await rt.refreshAssets([asset.id]);
      return {
        body: { name: asset.name, labels: asset.labels },
        audit: { object: `asset:${asset.id}`, before, after: asset.labels },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/assets/:name/retire',
    access: 'operate',
    scoped: true,
    tag: 'assets',
    summary: 'retire an asset: it leaves evaluation and reports, its history stays',
    params: nameParam,
    body: z.object({ reason: z.string().max(1000).optional() }),
    response: z.object({
      name: z.string(),
      retiredAt: z.string().nullable(),
      changed: z.boolean(),
    }),
    handler: async ({ principal, params, body }, rt) => {
      await assetInScope(rt, principal, params.name);
      const r = await retireAsset(rt.store, params.name, {
        actor: actorOf(principal!),
        ...(body.reason !== undefined && { reason: body.reason }),
      });
      await rt.refreshAssets([r.asset.id]);
      return {
        body: { name: r.asset.name, retiredAt: r.asset.retiredAt, changed: r.changed },
        audit: {
          object: `asset:${r.asset.id}`,
          before: { retiredAt: null },
          after: { retiredAt: r.asset.retiredAt },
        },
      };
    },
  }),
];
