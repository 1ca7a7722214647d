/**
 * CloudEvents `type` values Patchline emits (reverse-DNS, docs/decisions/0052-webhooks.md).
 * A type never changes meaning once released: receivers route on it.
 */
export const EventType = {
  /** A new open finding (data: asset, advisory, package, severity, tier, cves). */
  ExposureNew: 'io.patchline.exposure.new',
  /** An open finding entered its tier's due-soon window. */
  SlaDueSoon: 'io.patchline.sla.due-soon',
  /** An open finding passed its due date. */
  SlaBreached: 'io.patchline.sla.breached',
  /** A waiver expires within the warning window. */
  WaiverExpiring: 'io.patchline.waiver.expiring',
  /** A feed's latest sync failed. */
  FeedFailed: 'io.patchline.feed.failed',
  /** A feed has not synced successfully for longer than its freshness limit. */
  FeedStale: 'io.patchline.feed.stale',
  /** Reserved: a rollout changed state. */
  RolloutChanged: 'io.patchline.rollout.changed',
  /** Reserved: a change request changed state. */
  ChangeChanged: 'io.patchline.change.changed',
  /** Sent by `webhooks test` only, never queued. */
  Ping: 'io.patchline.webhook.ping',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Types a subscription may name (`ping` is sent to every endpoint on request, never chosen). */
export const subscribableTypes: readonly EventType[] = Object.values(EventType).filter(
  (t) => t !== EventType.Ping,
);

/** Accepts the full type or its short form after `io.patchline.` (`sla.breached`). */
export function parseEventType(text: string): EventType | undefined {
  const full = text.startsWith('io.patchline.') ? text : `io.patchline.${text}`;
  return subscribableTypes.find((t) => t === full);
}
