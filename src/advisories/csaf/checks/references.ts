import { pointer } from '../../common/document.js';
import type { CheckContext } from './types.js';

export interface ProductReference {
  readonly productId: string;
  readonly pointer: string;
  readonly vulnerability?: number;
}

/** Every place a product id is referenced (CSAF §6.1.1 list of paths). */
export function productReferences(ctx: CheckContext): ProductReference[] {
  const out: ProductReference[] = [];
  for (const [i, { rel }] of ctx.tree.relationships.entries()) {
    const base = ['product_tree', 'relationships', i];
    out.push({
      productId: rel.product_reference,
      pointer: pointer([...base, 'product_reference']),
    });
    out.push({
      productId: rel.relates_to_product_reference,
      pointer: pointer([...base, 'relates_to_product_reference']),
    });
  }
  for (const { index, vuln } of ctx.vulnerabilities) {
    const base = ['vulnerabilities', index];
    const add = (ids: readonly string[] | undefined, path: (string | number)[]): void => {
      for (const [j, id] of (ids ?? []).entries()) {
        out.push({ productId: id, pointer: pointer([...base, ...path, j]), vulnerability: index });
      }
    };
    for (const [status, ids] of Object.entries(vuln.product_status ?? {})) {
      add(ids, ['product_status', status]);
    }
    for (const [k, r] of (vuln.remediations ?? []).entries()) {
      add(r.product_ids, ['remediations', k, 'product_ids']);
    }
    for (const [k, s] of (vuln.scores ?? []).entries()) add(s.products, ['scores', k, 'products']);
    for (const [k, t] of (vuln.threats ?? []).entries()) {
      add(t.product_ids, ['threats', k, 'product_ids']);
    }
  }
  return out;
}
