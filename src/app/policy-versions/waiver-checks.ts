import { AppError, ErrorCode } from '../../domain/errors.js';
import {
  formatDuration,
  waiverBound,
  WaiverScopeSchema,
  type PolicyDocument,
  type WaiverScope,
} from '../../policy/index.js';

const dayMs = 86_400_000;

/** The scope as the policy's waiver scope, naming only tiers the policy has. */
export function parseScope(scope: unknown, policy: PolicyDocument): WaiverScope {
  const parsed = WaiverScopeSchema.safeParse(scope);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`,
    );
    throw new AppError(ErrorCode.InputInvalid, `waiver scope: ${issues.join('; ')}`, {
      details: { issues },
    });
  }
  const tiers = new Set(policy.tiers.map((t) => t.name));
  const unknown = (parsed.data.tiers ?? []).filter((t) => !tiers.has(t));
  if (unknown.length > 0) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `waiver scope: unknown tier ${unknown.join(', ')} (tiers: ${[...tiers].join(', ')})`,
    );
  }
  return parsed.data;
}

/**
 * `expires` is a real date after today, and no later than the strictest `maxWaiver` of the
 * tiers the scope reaches allows from today (`waiverBound`, as the policy's own waivers).
 */
export function checkExpiry(
  policy: PolicyDocument,
  scope: WaiverScope,
  today: string,
  expires: string,
): void {
  const until = /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T00:00:00Z`) : NaN;
  if (Number.isNaN(until) || new Date(until).toISOString().slice(0, 10) !== expires) {
    throw new AppError(ErrorCode.InputInvalid, `expires ${expires}: a date like 2027-01-31`);
  }
  if (expires <= today) {
    throw new AppError(ErrorCode.InputInvalid, `expires ${expires} is not after today ${today}`);
  }
  const from = Date.parse(`${today}T00:00:00Z`);
  const bound = waiverBound(policy, { scope });
  if (bound && until - from > bound.ms) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `the waiver would run ${Math.round((until - from) / dayMs)}d, longer than maxWaiver ` +
        `${formatDuration(bound.ms)} of tier ${bound.tier} (expires by ` +
        `${new Date(from + bound.ms).toISOString().slice(0, 10)} at the latest)`,
      { details: { tier: bound.tier, maxWaiverMs: bound.ms } },
    );
  }
}
