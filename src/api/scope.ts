import { inScope, type Principal } from '../domain/access.js';

/** The principal's label scope applied to anything with labels; public callers see all. */
export function scopeFilter<T extends { readonly labels: Readonly<Record<string, string>> }>(
  principal: Principal | undefined,
  items: readonly T[],
): T[] {
  return principal === undefined ? [...items] : items.filter((i) => inScope(principal, i.labels));
}
