import type { Labels } from './asset.js';

/**
 * Who may do what. A role grants a fixed set of permissions; a scope (a label selector) limits
 * what a role reaches to the assets whose labels match every key of it. Every API route names
 * one permission; the permission test is generated from the route table.
 */
export const Role = {
  /** Reads everything in scope. */
  Viewer: 'viewer',
  /** Imports, syncs, evaluations; starts and stops work. */
  Operator: 'operator',
  /** Approves waivers, change requests and gate overrides; never their own. */
  Approver: 'approver',
  /** Users, tokens, policy activation, connections. */
  Admin: 'admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roles: readonly Role[] = Object.values(Role);

export const Permission = {
  Read: 'read',
  /** Imports, feed syncs, evaluations, job control, waiver and change requests. */
  Operate: 'operate',
  Approve: 'approve',
  Admin: 'admin',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** Permissions each role holds. Approver and operator are separate duties; admin holds all. */
export const grants: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read'],
  operator: ['read', 'operate'],
  approver: ['read', 'approve'],
  admin: ['read', 'operate', 'approve', 'admin'],
};

/** The weakest role that holds `p`, for tests and messages. */
export function weakestRoleFor(p: Permission): Role {
  return roles.find((r) => grants[r].includes(p))!;
}

/** An authenticated caller. */
export interface Principal {
  /** A person (by password, session or one of their API tokens) or Patchline's own scheduler. */
  readonly kind: 'user' | 'system';
  /** User id (or `system:<name>` for the scheduler and workers). */
  readonly id: string;
  /** Login name; the audit log's actor reads `user:<name>` or `system:<name>`. */
  readonly name: string;
  readonly role: Role;
  /** Label selector; absent means the whole estate. */
  readonly scope?: Readonly<Record<string, string>>;
  /** The API token used, when one was. */
  readonly tokenId?: string;
}

export function can(p: Principal, perm: Permission): boolean {
  return grants[p.role].includes(perm);
}

/** Whether an asset with `labels` is within `p`'s scope. */
export function inScope(p: Principal, labels: Labels): boolean {
  if (p.scope === undefined) return true;
  return Object.entries(p.scope).every(([k, v]) => labels[k] === v);
}

/** How the audit log names `p`. */
export function actorOf(p: Principal): string {
  return `${p.kind}:${p.name}`;
}

/** Where a request came from, recorded with every mutating call. */
export interface RequestOrigin {
  readonly requestId: string;
  readonly source: string;
}

/**
 * Whether `inner` holds no permission `outer` lacks: what a token may be given by its owner.
 * Operator and approver are separate duties, so neither is within the other.
 */
export function roleWithin(inner: Role, outer: Role): boolean {
  return grants[inner].every((p) => grants[outer].includes(p));
}

/**
 * Whether scope `inner` reaches no asset `outer` does not: `outer` absent (the whole estate)
 * holds every scope; otherwise `inner` must name each of `outer`'s keys with the same value
 * (and may add more, narrowing further).
 */
export function scopeWithin(
  inner: Readonly<Record<string, string>> | undefined,
  outer: Readonly<Record<string, string>> | undefined,
): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  return Object.entries(outer).every(([k, v]) => Object.hasOwn(inner, k) && inner[k] === v);
}
