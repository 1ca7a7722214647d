import type { SchemeId } from '../domain/platform.js';
import { getScheme } from '../versioning/registry.js';
import type { Compare } from './evaluate.js';

/** The registered versioning scheme's comparator for each platform scheme. */
export function schemeComparator(scheme: SchemeId): Compare {
  const s = getScheme(scheme);
  return (a, b) => s.compare(a, b);
}
