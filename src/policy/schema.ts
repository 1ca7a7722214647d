import { z } from 'zod';
import { durationPattern } from './duration.js';

/**
 * The policy document, version 1 (docs/decisions/0020-policy-format.md). Every object is strict so
 * a misspelt key is an error, not a silently ignored setting. Cross-field rules (names that must
 * exist, windows that must occur, waiver bounds) live in `checks/`, which run on the parsed value.
 */
export const currentPolicyVersion = 1;

const severities = ['critical', 'high', 'medium', 'low', 'none'] as const;
const severity = z.enum(severities);
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'names are lower-case letters, digits, ".", "_" and "-"');
const text = z.string().trim().min(1, 'must not be empty');
const duration = z.string().regex(durationPattern, 'a duration like 30m, 4h, 3d or 2w');
const isoDate = z.iso.date('a date like 2026-11-27');
const dateOrLocalTime = z.union([isoDate, z.iso.datetime({ local: true })], {
  error: 'a date like 2026-12-20 or a local time like 2026-12-20T18:00',
});

export const SelectorSchema = z
  .strictObject({
    match: z.record(z.string(), z.string()).optional(),
    in: z.record(z.string(), z.array(z.string()).min(1)).optional(),
    notIn: z.record(z.string(), z.array(z.string()).min(1)).optional(),
    exists: z.array(z.string()).min(1).optional(),
  })
  .refine((s) => Object.keys(s).length > 0, 'a selector needs at least one clause');

const perSeverity = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    critical: value,
    high: value,
    medium: value,
    low: value,
    none: value.optional(),
  });

export const RolloutSchema = z.strictObject({
  /** Size of each wave: a host count, a percentage of the targets, or `rest`. */
  waves: z
    .array(
      z.union([
        z.int().positive(),
        z
          .string()
          .regex(/^(\d+(\.\d+)?%|rest)$/, 'a wave is a host count, a percentage like 10% or rest'),
      ]),
    )
    .min(1),
  /** Stop the rollout when this many hosts (or this share) fail. */
  failureThreshold: z.union([
    z.int().min(0),
    z.string().regex(/^\d+(\.\d+)?%$/, 'a host count or a percentage like 5%'),
  ]),
  snapshot: z.boolean().default(true),
  reboot: z.enum(['never', 'if-required', 'always']).default('if-required'),
  windows: z
    .array(name)
    .min(1)
    .optional()
    .describe('Windows a rollout of this tier may use; default: every window for the tier'),
});

export const TierSchema = z.strictObject({
  name,
  description: z.string().optional(),
  /** Time from first detection to required fix, per normalized severity. */
  deadlines: perSeverity(duration).describe('Time to fix per normalized severity, e.g. 3d'),
  /** Tighter deadline for CVEs on a known-exploited list, whatever their severity. */
  knownExploited: duration.optional().describe('Tighter deadline for known-exploited CVEs'),
  /** Whether findings with no fix available yet count against compliance. */
  countNoFix: z.boolean().default(false).describe('Whether no-fix-available findings count'),
  /** Longest a waiver may run (expires - created) for assets of this tier. */
  maxWaiver: duration.describe('Longest waiver allowed for this tier'),
  rollout: RolloutSchema.optional(),
});

export const AssignmentRuleSchema = z.strictObject({
  tier: name,
  selector: SelectorSchema,
  /** Host rules place hosts; image rules set an image's tier explicitly. */
  kind: z.enum(['host', 'image']).default('host'),
  description: z.string().optional(),
});

export const AssignmentSchema = z.strictObject({
  rules: z.array(AssignmentRuleSchema).default([]),
  default: name,
});

const listedItem = z
  .strictObject({ advisory: text.optional(), package: text.optional(), reason: text.optional() })
  .refine(
    (i) => (i.advisory === undefined) !== (i.package === undefined),
    'give exactly one of advisory or package',
  );

export const ApprovalRuleSchema = z.strictObject({
  /** Tiers the rule applies to; all tiers when absent. */
  tiers: z.array(name).min(1).optional(),
  classifications: z.array(z.enum(['security', 'bugfix', 'enhancement'])).min(1),
  severities: z.array(severity).min(1),
  /** Days after the advisory's release before it is approved. */
  afterDays: z.int().min(0),
  /**
   * Only advisories whose highest FIRST EPSS score (over their CVEs) is at least this, 0..1;
   * an advisory without a score does not match the rule.
   */
  epssMin: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Only advisories with an EPSS score at least this (0..1)'),
});

export const ApprovalSchema = z.strictObject({
  rules: z.array(ApprovalRuleSchema).default([]),
  approve: z.array(listedItem).default([]),
  reject: z.array(listedItem).default([]),
});

export const WindowSchema = z
  .strictObject({
    name,
    description: z.string().optional(),
    /** RFC 5545 RRULE body (`FREQ=WEEKLY;BYDAY=SU`), anchored at `start`. */
    rrule: z.string().optional().describe('RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=SU'),
    /** First occurrence (local time in `timezone`) that the RRULE counts from. */
    start: z.iso
      .datetime({ local: true, error: 'a local time like 2026-01-04T02:30' })
      .optional()
      .describe('First local start, e.g. 2026-01-04T02:30'),
    /** Five-field cron expression, evaluated in `timezone`. */
    cron: z.string().optional().describe('Cron expression in the window time zone'),
    duration,
    timezone: text.describe('IANA time zone, e.g. Europe/Berlin'),
    tiers: z.array(name).min(1).optional(),
    selector: SelectorSchema.optional(),
  })
  .refine((w) => (w.rrule === undefined) !== (w.cron === undefined), {
    message: 'give exactly one of rrule or cron',
  })
  .refine((w) => w.rrule === undefined || w.start !== undefined, {
    message: 'an rrule window needs start (its first local occurrence)',
    path: ['start'],
  });

export const FreezeSchema = z.strictObject({
  name,
  /** First frozen day (or local time); a bare date starts at 00:00. */
  from: dateOrLocalTime,
  /** Last frozen day (inclusive) or the local time the freeze ends. */
  to: dateOrLocalTime,
  timezone: text.default('UTC'),
  reason: text,
  /** Severities whose patches may still go out during the freeze. */
  allow: z.array(severity).default([]),
  tiers: z.array(name).min(1).optional(),
});

const gateCondition = z
  .strictObject({
    minSeverity: severity.optional(),
    knownExploited: z.boolean().optional(),
    overdue: z.boolean().optional(),
    olderThan: duration.optional(),
    status: z.enum(['candidate', 'deprecated', 'revoked']).optional(),
    description: z.string().optional(),
  })
  .refine(
    (c) => Object.keys(c).some((k) => k !== 'description'),
    'a gate condition needs at least one test',
  );

const changeType = z.enum(['standard', 'normal', 'emergency']);

export const ImageRulesSchema = z.strictObject({
  /** Deadline to publish a rebuilt image, per severity of the worst finding. */
  rebuild: perSeverity(duration),
  changeType: perSeverity(changeType),
  /** Approvals a change of each type needs, from people other than its author. */
  approvers: z.strictObject({
    standard: z.int().min(0),
    normal: z.int().min(0),
    emergency: z.int().min(0),
  }),
  tests: z.array(text).default([]),
  gate: z
    .strictObject({
      block: z.array(gateCondition).default([]),
      warn: z.array(gateCondition).default([]),
    })
    .default({ block: [], warn: [] }),
});

export const WaiverScopeSchema = z
  .strictObject({
    assets: z.array(text).min(1).optional(),
    selector: SelectorSchema.optional(),
    image: text.optional(),
    tiers: z.array(name).min(1).optional(),
    advisory: text.optional(),
    cve: z
      .string()
      .regex(/^CVE-\d{4}-\d{4,}$/, 'a CVE id like CVE-2024-3094')
      .optional(),
    package: text.optional(),
  })
  .refine(
    (s) => s.advisory ?? s.cve ?? s.package,
    'a waiver scope names an advisory, CVE or package',
  );

export const WaiverSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'ids are letters, digits, ".", "_", "-"'),
  scope: WaiverScopeSchema,
  reason: text,
  compensatingControl: text,
  owner: text,
  approver: text,
  created: isoDate,
  expires: isoDate,
});

/** When a finding's SLA clock starts (docs/decisions/0040-sla-clocks.md). */
export const clockStarts = ['fixReleased', 'detected'] as const;

export const SlaSettingsSchema = z.strictObject({
  /**
   * `fixReleased`: the advisory's published date (a finding on a host imported today whose fix
   * shipped two years ago is overdue today); `detected`: when Patchline first saw it. Absent
   * means `fixReleased`; left out of the parsed value so existing policies keep their hash.
   */
  clockStart: z
    .enum(clockStarts)
    .optional()
    .describe('When the SLA clock starts: fixReleased (default) or detected'),
});

/** End-of-life findings (`app/eol.ts`). */
export const EolSettingsSchema = z.strictObject({
  /** Severity of an end-of-life finding; `high` when absent. */
  severity: severity.optional().describe('Severity of end-of-life findings (default high)'),
  /**
   * Assets covered by a paid extended programme (Ubuntu Pro ESM, Microsoft ESU, Red Hat ELS):
   * their release counts as supported until the programme ends. Free programmes (Debian LTS)
   * cover every asset.
   */
  extendedSupport: SelectorSchema.optional().describe(
    'Assets with a paid extended-support subscription (ESM, ESU, ELS)',
  ),
});

export const PolicySchema = z.strictObject({
  version: z.literal(currentPolicyVersion),
  /** Strictest first: an image inheriting several tiers takes the earliest listed. */
  tiers: z.array(TierSchema).min(1).describe('Security tiers, strictest first'),
  assignment: AssignmentSchema.describe('Which tier each asset falls in; first match wins'),
  approval: ApprovalSchema.default({ rules: [], approve: [], reject: [] }),
  windows: z.array(WindowSchema).default([]).describe('Recurring maintenance windows'),
  freezes: z
    .array(FreezeSchema)
    .default([])
    .describe('Change freezes: date ranges when patching stops'),
  images: ImageRulesSchema.optional().describe(
    'Rules for rebuilding templates and gating provisioning',
  ),
  waivers: z
    .array(WaiverSchema)
    .default([])
    .describe('Time-boxed exceptions with owner and approver'),
  /**
   * Distinct approvers a waiver request held in the store needs (none of them its requester)
   * before it is in force. Absent means 1; left out of the parsed value so existing policies
   * keep their hash.
   */
  waiverApprovals: z
    .int()
    .min(1)
    .max(10)
    .optional()
    .describe('Distinct approvers a stored waiver request needs, never its requester (default 1)'),
  sla: SlaSettingsSchema.optional().describe('How SLA clocks run'),
  eol: EolSettingsSchema.optional().describe('End-of-life findings'),
});

export type PolicyDocument = z.output<typeof PolicySchema>;
export type Tier = z.output<typeof TierSchema>;
export type Rollout = z.output<typeof RolloutSchema>;
export type AssignmentRule = z.output<typeof AssignmentRuleSchema>;
export type ApprovalRule = z.output<typeof ApprovalRuleSchema>;
export type MaintenanceWindow = z.output<typeof WindowSchema>;
export type Freeze = z.output<typeof FreezeSchema>;
export type ImageRules = z.output<typeof ImageRulesSchema>;
export type Waiver = z.output<typeof WaiverSchema>;
export type WaiverScope = z.output<typeof WaiverScopeSchema>;
export type ClockStart = (typeof clockStarts)[number];

/** A validated policy plus the sha256 of its canonical JSON, recorded with every decision. */
export type Policy = PolicyDocument & {
  readonly hash: string;
  /** Files it was read from, in merge order (`<text>` for inline text). */
  readonly sources: readonly string[];
};
