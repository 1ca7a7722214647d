import { z } from 'zod';
import { actorOf, inScope } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { inventoryFormats } from '../../app/import-inventory.js';
import { pushInventory } from '../../app/push-inventory.js';
import { flag, labelSelector } from './schemas.js';
import { route, type RouteDef } from './types.js';

export const inventoryRoutes: RouteDef[] = [
  route({
    method: 'POST',
    path: '/api/v1/inventories',
    access: 'operate',
    scoped: true,
    tag: 'inventories',
    summary:
      "report one asset's inventory: the body is a dpkg status, `rpm -qa` output, apk db, systeminfo or CycloneDX document",
    query: z.object({
      name: z.string().min(1).max(512),
      kind: z.enum(['host', 'image']).optional(),
      format: z.enum(['auto', ...inventoryFormats] as [string, ...string[]]).optional(),
      platform: z.string().max(200).optional(),
      kernel: z.string().max(200).optional(),
      image: z.string().max(512).optional().describe('image version the asset was cloned from'),
      labels: labelSelector,
      allowShrink: flag,
    }),
    body: z.string(),
    rawBody: true,
    status: 201,
    response: z.object({
      asset: z.object({ id: z.string(), name: z.string() }),
      created: z.boolean(),
      packages: z.number(),
      imageVersion: z.string().nullable(),
      diagnostics: z.array(z.looseObject({ message: z.string() })),
    }),
    handler: async ({ principal, query, raw, origin }, rt) => {
      const existing = await rt.store.assets.findByName(query.name);
      const reach = (l: Readonly<Record<string, string>>) => inScope(principal!, l);
      if ((existing && !reach(existing.labels)) || !reach(query.labels ?? existing?.labels ?? {})) {
        throw new AppError(ErrorCode.Forbidden, `asset "${query.name}" is outside your scope`);
      }
      const r = await pushInventory(rt.store, {
        name: query.name,
        body: raw ?? '',
        actor: actorOf(principal!),
        source: `api:${origin.requestId}`,
        ...(query.kind && { kind: query.kind }),
        ...(query.format && { format: query.format as 'auto' }),
        ...(query.platform !== undefined && { platform: query.platform }),
        ...(query.kernel !== undefined && { kernel: query.kernel }),
        ...(query.image !== undefined && { imageVersion: query.image }),
        ...(query.labels && { labels: query.labels }),
        ...(query.allowShrink && { allowShrink: true }),
      });
      await rt.refreshAssets([r.asset.id]);
      return {
        status: r.created ? 201 : 200,
        body: {
          asset: { id: r.asset.id, name: r.asset.name },
          created: r.created,
          packages: r.packages,
          imageVersion: r.imageVersion,
          diagnostics: r.diagnostics.map((d) => ({ ...d })),
        },
        audit: {
          action: 'api.inventory.push',
          object: `asset:${r.asset.id}`,
          after: { packages: r.packages },
        },
      };
    },
  }),
];
