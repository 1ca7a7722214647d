import type { z } from 'zod';
import {
  ApprovalSchema,
  AssignmentRuleSchema,
  currentPolicyVersion,
  FreezeSchema,
  ImageRulesSchema,
  TierSchema,
  WaiverSchema,
  WindowSchema,
  type PolicyDocument,
  type Tier,
} from './schema.js';
import type { PathKey } from './source-map.js';

export interface Salvaged {
  readonly doc: PolicyDocument;
  /** Maps a path into `doc` back to the unsalvaged document (list indexes shift). */
  readonly originalPath: (path: readonly PathKey[]) => PathKey[];
}

/**
 * When the schema rejects a document, keeps the parts that do parse (list items one by one) so
 * the cross-field checks still run and every problem is reported in one pass. Undefined when not
 * even one tier survives, since every other check leans on the tiers.
 */
export function salvage(
  input: Readonly<Record<string, unknown>>,
  issues: readonly z.core.$ZodIssue[],
): Salvaged | undefined {
  const raw = withoutUnknownKeys(input, issues);
  const indexes = new Map<string, number[]>();
  const list = <S extends z.ZodType>(
    key: string,
    schema: S,
    value: unknown,
    placeholder?: (item: unknown) => z.output<S> | undefined,
  ): z.output<S>[] => {
    const kept: z.output<S>[] = [];
    const at: number[] = [];
    for (const [i, item] of (Array.isArray(value) ? value : []).entries()) {
      const r = schema.safeParse(item);
      const keep = r.success ? r.data : placeholder?.(item);
      if (keep !== undefined) {
        kept.push(keep);
        at.push(i);
      }
    }
    indexes.set(key, at);
    return kept;
  };
  const tiers = list('tiers', TierSchema, raw.tiers, placeholderTier);
  const first = tiers[0];
  if (!first) return undefined;
  const assignment = (raw.assignment ?? {}) as Record<string, unknown>;
  const rules = list('assignment.rules', AssignmentRuleSchema, assignment.rules);
  const fallbackDefault = typeof assignment.default === 'string' ? assignment.default : first.name;
  const approval = ApprovalSchema.safeParse(raw.approval ?? {});
  const images = ImageRulesSchema.safeParse(raw.images);
  const doc: PolicyDocument = {
    version: currentPolicyVersion,
    tiers,
    assignment: { rules, default: fallbackDefault },
    approval: approval.success ? approval.data : { rules: [], approve: [], reject: [] },
    windows: list('windows', WindowSchema, raw.windows),
    freezes: list('freezes', FreezeSchema, raw.freezes),
    waivers: list('waivers', WaiverSchema, raw.waivers),
    ...(images.success && { images: images.data }),
  };
  return { doc, originalPath: (path) => originalPath(indexes, path) };
}

function originalPath(indexes: ReadonlyMap<string, number[]>, path: readonly PathKey[]): PathKey[] {
  const [a, b, c, ...rest] = path;
  if (a === 'assignment' && b === 'rules' && typeof c === 'number') {
    return [a, b, indexes.get('assignment.rules')?.[c] ?? c, ...rest];
  }
  if (typeof a === 'string' && typeof b === 'number' && indexes.has(a)) {
    return [a, indexes.get(a)?.[b] ?? b, ...path.slice(2)];
  }
  return [...path];
}

/** A copy of `doc` without the keys the schema flagged as unknown, which it reports already. */
function withoutUnknownKeys(
  doc: Readonly<Record<string, unknown>>,
  issues: readonly z.core.$ZodIssue[],
): Record<string, unknown> {
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let target: unknown = copy;
    for (const k of issue.path) {
      target =
        typeof target === 'object' && target !== null
          ? (target as Record<PropertyKey, unknown>)[k]
          : undefined;
    }
    if (typeof target !== 'object' || target === null) continue;
    for (const k of issue.keys) Reflect.deleteProperty(target, k);
  }
  return copy;
}

/**
 * A broken tier still defines its name, so references to it are not reported as unknown. The
 * stand-in has flat deadlines and no waiver bound, so it adds no problems of its own.
 */
function placeholderTier(item: unknown): Tier | undefined {
  const name = (item as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') return undefined;
  const d = '1d';
  return {
    name,
    deadlines: { critical: d, high: d, medium: d, low: d },
    countNoFix: false,
    maxWaiver: '100000w',
  };
}
