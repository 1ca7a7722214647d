import { productReferences } from './references.js';
import type { CsafCheck } from './types.js';

/** CSAF 2.0 §6.1.1: every referenced product id must be defined in the product tree. */
export const missingProductDefinition: CsafCheck = {
  section: '6.1.1',
  title: 'Missing Definition of Product ID',
  run(ctx) {
    return productReferences(ctx)
      .filter((ref) => !ctx.tree.byId.has(ref.productId))
      .map((ref) => ({
        pointer: ref.pointer,
        message: `product id "${ref.productId}" is not defined`,
        productId: ref.productId,
        ...(ref.vulnerability === undefined ? {} : { vulnerability: ref.vulnerability }),
      }));
  },
};
