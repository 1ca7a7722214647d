import type { ClockStart, PolicyDocument } from '../schema.js';

/** The clock-start rule in force: the policy's `sla.clockStart`, `fixReleased` when absent. */
export function clockStartRule(policy: Pick<PolicyDocument, 'sla'>): ClockStart {
  return policy.sla?.clockStart ?? 'fixReleased';
}

/** Where one finding's SLA clock starts, and by which rule. Times are epoch milliseconds. */
export interface FindingClockStart {
  readonly at: number;
  readonly from: ClockStart;
  /** True when the rule is `fixReleased` but the advisory has no published date. */
  readonly undated: boolean;
}

/**
 * Start of a finding's SLA clock (docs/decisions/0040-sla-clocks.md). Under `fixReleased` it is
 * the vendor's publication of the fix (the advisory's published date), whatever day Patchline
 * first saw the finding; an advisory with no published date falls back to `detected` and says
 * so (`undated`). Under `detected` it is the first-seen instant of the finding's clock row.
 */
export function findingClockStart(
  rule: ClockStart,
  detected: number,
  published: number | undefined,
): FindingClockStart {
  if (rule === 'detected') return { at: detected, from: 'detected', undated: false };
  if (published === undefined || Number.isNaN(published)) {
    return { at: detected, from: 'detected', undated: true };
  }
  return { at: published, from: 'fixReleased', undated: false };
}

/**
 * Advisory id → published instant, from advisories that carry a date. An id published by
 * several feeds (a CVE id) takes the earliest date: the first vendor to ship a fix starts it.
 */
export function publishedIndex(
  advisories: Iterable<{ readonly id: string; readonly published?: string | undefined }>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of advisories) {
    if (a.published === undefined) continue;
    const at = Date.parse(a.published);
    if (Number.isNaN(at)) continue;
    const known = out.get(a.id);
    if (known === undefined || at < known) out.set(a.id, at);
  }
  return out;
}
