import type { Store } from '../../store/index.js';
import { unifiedDiff } from './line-diff.js';
import { structureDiff, type PolicyStructureDiff } from './structure-diff.js';
import { getPolicyVersion, policyOfVersion } from './versions.js';

export interface PolicyVersionDiff {
  readonly from: number;
  readonly to: number;
  /** Unified diff of the texts, file by file (`a/vN/<file>`, `b/vM/<file>`); empty when equal. */
  readonly unified: string;
  readonly structure: PolicyStructureDiff;
}

/** How version `from` differs from version `to`: their texts line by line, and their sections. */
export async function diffPolicyVersions(
  store: Store,
  from: number,
  to: number,
): Promise<PolicyVersionDiff> {
  const [a, b] = await Promise.all([getPolicyVersion(store, from), getPolicyVersion(store, to)]);
  const textsA = new Map(a.files.map((f) => [f.file, f.text]));
  const textsB = new Map(b.files.map((f) => [f.file, f.text]));
  const names = [...new Set([...textsA.keys(), ...textsB.keys()])].sort();
  const unified = names
    .map((n) =>
      unifiedDiff(textsA.get(n) ?? '', textsB.get(n) ?? '', {
        a: textsA.has(n) ? `a/v${from}/${n}` : '/dev/null',
        b: textsB.has(n) ? `b/v${to}/${n}` : '/dev/null',
      }),
    )
    .join('');
  return {
    from,
    to,
    unified,
    structure: structureDiff(policyOfVersion(a), policyOfVersion(b)),
  };
}
