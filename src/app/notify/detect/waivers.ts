import type { Waiver } from '../../../policy/index.js';
import { waiverStatus } from '../../../policy/sla/index.js';
import { EventType } from '../event-types.js';
import type { Detection } from './types.js';

/** Seven days' warning. */
export const defaultWaiverWarnMs = 7 * 86_400_000;

/**
 * `waiver.expiring`: active waivers that lapse (at 00:00 UTC of `expires`) within `warnMs`
 * of `now`. Keyed by waiver id and expiry, so extending a waiver warns again before its new date.
 */
export function detectExpiringWaivers(
  waivers: readonly Waiver[],
  now: Date,
  warnMs = defaultWaiverWarnMs,
): Detection[] {
  const out: Detection[] = [];
  for (const w of waivers) {
    if (waiverStatus(w, now) !== 'active') continue;
    const lapses = Date.parse(`${w.expires}T00:00:00Z`);
    if (lapses - now.getTime() > warnMs) continue;
    out.push({
      type: EventType.WaiverExpiring,
      key: `${w.id}@${w.expires}`,
      subject: `waiver/${w.id}`,
      data: {
        waiver: w.id,
        owner: w.owner,
        approver: w.approver,
        expires: w.expires,
        lapsesAt: new Date(lapses).toISOString(),
        scope: w.scope,
      },
    });
  }
  return out;
}
