import type { CsafCheck } from './types.js';

/** CSAF 2.0 §6.1.2: a product id is defined once only. */
export const multipleProductDefinition: CsafCheck = {
  section: '6.1.2',
  title: 'Multiple Definition of Product ID',
  run(ctx) {
    const seen = new Set<string>();
    const findings = [];
    for (const d of ctx.tree.definitions) {
      const id = d.product.product_id;
      if (seen.has(id)) {
        findings.push({
          pointer: d.pointer,
          message: `product id "${id}" is defined again`,
          productId: id,
        });
      }
      seen.add(id);
    }
    return findings;
  },
};
