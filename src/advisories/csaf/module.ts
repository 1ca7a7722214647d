import { moduleOfLabel } from '../../domain/module-stream.js';
import { parsePurl } from '../common/purl.js';
import type { ProductTree } from './product-tree.js';
import type { CsafProduct, CsafRelationship } from './schema.js';

/** Where a package relationship sits: its platform product and, if modular, its module. */
export interface PackagePlacement {
  readonly platformRef: string;
  /** `name:stream` */
  readonly module?: string;
}

/**
 * Red Hat nests a modular package twice (security-data-guidelines, CSAF 2.0 §3.2.2.4
 * `default_component_of`): `pkg → AppStream-8.4.0.Z.AUS:python36:3.6:8040020241213073301:9bf6f064`,
 * itself the module product `python36:3.6:…` (purl `pkg:rpmmod/redhat/python36@3.6:…`) as a
 * component of `AppStream-8.4.0.Z.AUS`. Newer files instead put `?rpmmod=ruby:2.5:…` on the
 * package purl, and per-CVE VEX names unfixed components `ruby:2.5/ruby`. Reads all three.
 */
export function placementOf(rel: CsafRelationship, tree: ProductTree): PackagePlacement {
  const parent = tree.relationshipById.get(rel.relates_to_product_reference);
  const viaParent = parent
    ? moduleOfModuleProduct(tree.byId.get(parent.product_reference))
    : undefined;
  if (parent && viaParent) {
    return { platformRef: parent.relates_to_product_reference, module: viaParent };
  }
  const own = moduleOfPackageProduct(rel.product_reference, tree.byId.get(rel.product_reference));
  return { platformRef: rel.relates_to_product_reference, ...(own ? { module: own } : {}) };
}

/** `name:stream` of a module product (`pkg:rpmmod/…` purl, else an NSVC product id). */
export function moduleOfModuleProduct(product: CsafProduct | undefined): string | undefined {
  if (!product) return undefined;
  const purl = parsePurl(product.product_identification_helper?.purl ?? '');
  if (purl?.type === 'rpmmod' && purl.version) return moduleOfLabel(`${purl.name}:${purl.version}`);
  return nsvc.test(product.product_id) ? moduleOfLabel(product.product_id) : undefined;
}

/** Whether a product is a module rather than a package (`python36:3.6:8040020241213073301:9bf6f064`). */
export function isModuleProduct(product: CsafProduct): boolean {
  return moduleOfModuleProduct(product) !== undefined;
}

const nsvc = /^[^:/\s]+:[^:/\s]+:\d+:[0-9a-z]+$/;
const vexComponent = /^([^:/\s]+:[^:/\s]+)\/[^/\s]+$/;

function moduleOfPackageProduct(ref: string, product: CsafProduct | undefined): string | undefined {
  const purl = parsePurl(product?.product_identification_helper?.purl ?? '');
  const rpmmod = purl?.qualifiers['rpmmod'];
  if (rpmmod) return moduleOfLabel(rpmmod);
  const m = vexComponent.exec(ref);
  return m?.[1] ? moduleOfLabel(m[1]) : undefined;
}
