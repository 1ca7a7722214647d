import type { Labels } from '../domain/asset.js';

/**
 * A label selector, in the spirit of Kubernetes label selectors: every clause present must hold
 * (AND). `match` pins values, `in` / `notIn` test set membership (`notIn` also holds when the
 * label is absent), `exists` requires the keys to be present with any value.
 */
export interface Selector {
  readonly match?: Readonly<Record<string, string>>;
  readonly in?: Readonly<Record<string, readonly string[]>>;
  readonly notIn?: Readonly<Record<string, readonly string[]>>;
  readonly exists?: readonly string[];
}

/** Whether `labels` satisfy every clause of `selector`. */
export function matchesSelector(selector: Selector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.match ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const [key, values] of Object.entries(selector.in ?? {})) {
    const v = labels[key];
    if (v === undefined || !values.includes(v)) return false;
  }
  for (const [key, values] of Object.entries(selector.notIn ?? {})) {
    const v = labels[key];
    if (v !== undefined && values.includes(v)) return false;
  }
  for (const key of selector.exists ?? []) {
    if (!Object.hasOwn(labels, key)) return false;
  }
  return true;
}

/** Parses `k=v,k2=v2` (the CLI's `--asset-labels`); a bare `k` means the label is present. */
export function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const i = item.indexOf('=');
    if (i < 0) out[item] = '';
    else out[item.slice(0, i).trim()] = item.slice(i + 1).trim();
  }
  return out;
}
