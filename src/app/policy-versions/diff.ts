import type { PolicyFile, Store } from '../../store/index.js';
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
  return {
    from,
    to,
    unified: unifiedFiles(a.files, b.files, from, to),
    structure: structureDiff(policyOfVersion(a), policyOfVersion(b)),
  };
}

/**
 * Files are paired by name; two single-file versions are paired whatever their names, since a
 * file uploaded under a new name is still the same policy.
 */
function unifiedFiles(
  a: readonly PolicyFile[],
  b: readonly PolicyFile[],
  from: number,
  to: number,
): string {
  const [onlyA] = a;
  const [onlyB] = b;
  if (a.length === 1 && b.length === 1 && onlyA && onlyB) {
    return unifiedDiff(onlyA.text, onlyB.text, {
      a: `a/v${from}/${onlyA.file}`,
      b: `b/v${to}/${onlyB.file}`,
    });
  }
  const textsA = new Map(a.map((f) => [f.file, f.text]));
  const textsB = new Map(b.map((f) => [f.file, f.text]));
  const names = [...new Set([...textsA.keys(), ...textsB.keys()])].sort();
  return names
    .map((n) =>
      unifiedDiff(textsA.get(n) ?? '', textsB.get(n) ?? '', {
        a: textsA.has(n) ? `a/v${from}/${n}` : '/dev/null',
        b: textsB.has(n) ? `b/v${to}/${n}` : '/dev/null',
      }),
    )
    .join('');
}
