import type { CsafCheck } from './types.js';

/** CSAF 2.0 §6.1.3: a relationship must not define a product id in terms of itself. */
export const circularProductDefinition: CsafCheck = {
  section: '6.1.3',
  title: 'Circular Definition of Product ID',
  run(ctx) {
    const findings = [];
    for (const { rel, pointer } of ctx.tree.relationships) {
      const id = rel.full_product_name.product_id;
      if (id === rel.product_reference || id === rel.relates_to_product_reference) {
        findings.push({
          pointer,
          message: `relationship defines "${id}" in terms of itself`,
          productId: id,
        });
      }
    }
    return findings;
  },
};
