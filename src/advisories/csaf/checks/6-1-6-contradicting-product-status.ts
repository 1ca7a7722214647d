import { pointer } from '../../common/document.js';
import type { CheckFinding, CsafCheck } from './types.js';

/** CSAF §3.2.3.9 status groups; a product may sit in one group per vulnerability. */
const groups: Readonly<Record<string, string>> = {
  first_affected: 'affected',
  known_affected: 'affected',
  last_affected: 'affected',
  known_not_affected: 'not affected',
  first_fixed: 'fixed',
  fixed: 'fixed',
  under_investigation: 'under investigation',
};

/** CSAF 2.0 §6.1.6: a product must not be in two contradicting status groups of one vulnerability. */
export const contradictingProductStatus: CsafCheck = {
  section: '6.1.6',
  title: 'Contradicting Product Status',
  run(ctx) {
    const findings: CheckFinding[] = [];
    for (const { index, vuln } of ctx.vulnerabilities) {
      const groupOf = new Map<string, string>();
      for (const [status, ids] of Object.entries(vuln.product_status ?? {})) {
        const group = groups[status];
        if (!group) continue;
        for (const id of ids) {
          const earlier = groupOf.get(id);
          if (earlier !== undefined && earlier !== group) {
            findings.push({
              pointer: pointer(['vulnerabilities', index, 'product_status', status]),
              message: `product "${id}" is both ${earlier} and ${group}`,
              productId: id,
              vulnerability: index,
            });
          }
          groupOf.set(id, earlier ?? group);
        }
      }
    }
    return findings;
  },
};
