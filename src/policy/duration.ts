import { AppError, ErrorCode } from '../domain/errors.js';

/** `30m`, `4h`, `3d`, `2w`: a whole number and a unit. Days are 24 h of elapsed time. */
export const durationPattern = /^(\d+)(m|h|d|w)$/;

const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds in a policy duration; throws POLICY_INVALID on text the schema would reject. */
export function durationMs(text: string): number {
  const m = durationPattern.exec(text);
  if (!m) {
    throw new AppError(ErrorCode.PolicyInvalid, `"${text}" is not a duration like 4h or 3d`);
  }
  return Number(m[1]) * unitMs[m[2] as keyof typeof unitMs];
}

/** Renders milliseconds back as the largest exact unit (`90m`, `36h`, `3d`). */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    if (ms % unitMs[unit] === 0) return `${ms / unitMs[unit]}${unit}`;
  }
  return `${ms}ms`;
}
