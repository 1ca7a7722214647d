import { pointer } from '../common/document.js';
import type { DiagnosticSink } from '../common/document.js';
import { looseArray, looseItem } from '../common/loose.js';
import { CsafProduct, CsafRelationship } from './schema.js';
import type { CsafDocument } from './schema.js';

/** A product definition and where it sits (JSON pointer), for the §6.1 checks. */
export interface DefinedProduct {
  readonly product: CsafProduct;
  readonly pointer: string;
}

export interface ProductTree {
  /** Every definition, in document order; an id defined twice appears twice (CSAF §6.1.2). */
  readonly definitions: DefinedProduct[];
  readonly relationships: { readonly rel: CsafRelationship; readonly pointer: string }[];
  /** First definition per product id. */
  readonly byId: ReadonlyMap<string, CsafProduct>;
  /** Relationship per `full_product_name.product_id`. */
  readonly relationshipById: ReadonlyMap<string, CsafRelationship>;
}

const maxDepth = 30;

/** Collects products from nested `branches`, `full_product_names` and `relationships` (§3.1.3). */
export function readProductTree(doc: CsafDocument, sink: DiagnosticSink): ProductTree {
  const definitions: DefinedProduct[] = [];
  const tree = doc.product_tree ?? {};
  walkBranches(tree.branches, ['product_tree', 'branches'], 0, definitions, sink);
  for (const [i, p] of (Array.isArray(tree.full_product_names)
    ? tree.full_product_names
    : []
  ).entries()) {
    const at = ['product_tree', 'full_product_names', i];
    const product = looseItem(CsafProduct, p, at, sink);
    if (product) definitions.push({ product, pointer: pointer(at) });
  }
  const relationships: ProductTree['relationships'] = [];
  const relPath = ['product_tree', 'relationships'];
  for (const [i, rel] of looseArray(
    CsafRelationship,
    tree.relationships,
    relPath,
    sink,
  ).entries()) {
    const at = pointer([...relPath, i, 'full_product_name']);
    relationships.push({ rel, pointer: pointer([...relPath, i]) });
    definitions.push({ product: rel.full_product_name, pointer: at });
  }
  const byId = new Map<string, CsafProduct>();
  for (const d of definitions) {
    if (!byId.has(d.product.product_id)) byId.set(d.product.product_id, d.product);
  }
  const relationshipById = new Map<string, CsafRelationship>();
  for (const { rel } of relationships) relationshipById.set(rel.full_product_name.product_id, rel);
  return { definitions, relationships, byId, relationshipById };
}

function walkBranches(
  branches: unknown,
  path: (string | number)[],
  depth: number,
  out: DefinedProduct[],
  sink: DiagnosticSink,
): void {
  if (!Array.isArray(branches)) return;
  if (depth > maxDepth) {
    sink.error('product tree nested too deeply; rest skipped', { pointer: pointer(path) });
    return;
  }
  for (const [i, b] of branches.entries()) {
    if (typeof b !== 'object' || b === null) continue;
    const branch = b as { product?: unknown; branches?: unknown };
    if (branch.product !== undefined) {
      const at = [...path, i, 'product'];
      const product = looseItem(CsafProduct, branch.product, at, sink);
      if (product) out.push({ product, pointer: pointer(at) });
    }
    walkBranches(branch.branches, [...path, i, 'branches'], depth + 1, out, sink);
  }
}
