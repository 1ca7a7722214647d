import type { RateLimiter } from '../rate-limit.js';
import { assetRoutes } from './assets.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { feedRoutes } from './feeds.js';
import { findingsRoutes } from './findings.js';
import { identityRoutes } from './identity.js';
import { inventoryRoutes } from './inventories.js';
import { jobRoutes } from './jobs.js';
import { policyRoutes } from './policy.js';
import { reportRoutes } from './reports.js';
import { systemRoutes } from './system.js';
import type { RouteDef } from './types.js';
import { vsphereRoutes } from './vsphere.js';
import { webhookRoutes } from './webhooks.js';

export interface RouteTableDeps {
  readonly openapi: () => unknown;
  readonly metrics: () => Promise<string>;
  readonly login: RateLimiter;
  /** Token creation, per user. */
  readonly tokens: RateLimiter;
  readonly secure: boolean;
}

/** The whole route table: the server, the OpenAPI document and the permission test read it. */
export function routeTable(deps: RouteTableDeps): RouteDef[] {
  return [
    ...systemRoutes(deps.openapi, deps.metrics),
    ...authRoutes({ login: deps.login, secure: deps.secure }),
    ...identityRoutes({ tokens: deps.tokens }),
    ...assetRoutes,
    ...inventoryRoutes,
    ...findingsRoutes,
    ...reportRoutes,
    ...feedRoutes,
    ...policyRoutes,
    ...jobRoutes,
    ...webhookRoutes,
    ...vsphereRoutes,
    ...auditRoutes,
  ];
}
