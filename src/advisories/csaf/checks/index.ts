import type { DiagnosticSink } from '../../common/document.js';
import { missingProductDefinition } from './6-1-1-missing-product-definition.js';
import { multipleProductDefinition } from './6-1-2-multiple-product-definition.js';
import { circularProductDefinition } from './6-1-3-circular-product-definition.js';
import { contradictingProductStatus } from './6-1-6-contradicting-product-status.js';
import type { CheckContext, CheckFinding, CsafCheck } from './types.js';

/** The §6.1 mandatory tests that change what Patchline reads; listed explicitly. */
export const csafChecks: readonly CsafCheck[] = [
  missingProductDefinition,
  multipleProductDefinition,
  circularProductDefinition,
  contradictingProductStatus,
];

/**
 * Runs every check, reports each finding as an error diagnostic and returns the
 * `vulnerability index → product ids` pairs the parser must skip.
 */
export function runCsafChecks(
  ctx: CheckContext,
  sink: DiagnosticSink,
  record: string,
): Map<number, Set<string>> {
  const skip = new Map<number, Set<string>>();
  for (const check of csafChecks) {
    for (const f of check.run(ctx)) {
      sink.error(`CSAF §${check.section} ${check.title}: ${f.message}`, {
        pointer: f.pointer,
        record,
      });
      markSkip(skip, f);
    }
  }
  return skip;
}

function markSkip(skip: Map<number, Set<string>>, f: CheckFinding): void {
  if (f.vulnerability === undefined || f.productId === undefined) return;
  const set = skip.get(f.vulnerability) ?? new Set<string>();
  set.add(f.productId);
  skip.set(f.vulnerability, set);
}
