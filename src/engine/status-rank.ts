import type { FindingStatus } from './types.js';

/**
 * Lower is more severe. Where one package meets several verdicts, `evaluate` keeps the
 * lowest, and `consolidate` gives a group of findings the lowest of its members.
 */
export const statusRank: Readonly<Record<FindingStatus, number>> = {
  open: 0,
  unverifiable: 1,
  'fixed-pending-reboot': 2,
  'no-fix-yet': 3,
  'will-not-fix': 4,
};
