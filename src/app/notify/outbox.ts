import { severityOrder } from '../../domain/advisory.js';
import type { StoreRepos, WebhookSubscription } from '../../store/index.js';
import type { CloudEvent } from './cloudevent.js';

/** What subscriptions filter on, when an event's data carries it. */
export interface MatchFields {
  readonly severity?: string;
  readonly tier?: string;
}

const rank = (s: string): number => {
  const i = severityOrder.indexOf(s as (typeof severityOrder)[number]);
  return i < 0 ? severityOrder.length : i;
};

/**
 * Whether `sub` wants the event: enabled; its types include the event's (or it names none);
 * an event with a `severity` is at or above the subscription's minimum; an event with a
 * `tier` is in its tiers. Filters an event does not carry data for do not apply.
 */
export function subscriptionMatches(
  sub: WebhookSubscription,
  event: CloudEvent<MatchFields>,
): boolean {
  if (!sub.enabled) return false;
  if (sub.eventTypes !== null && !sub.eventTypes.includes(event.type)) return false;
  const { severity, tier } = event.data;
  if (sub.minSeverity !== null && severity !== undefined) {
    if (rank(severity) > rank(sub.minSeverity)) return false;
  }
  if (sub.tiers !== null && tier !== undefined && !sub.tiers.includes(tier)) return false;
  return true;
}

/**
 * The outbox write: one pending delivery per matching subscription, due at the event's time,
 * written with `repos` — pass the caller's transaction, so the event is queued exactly when the
 * change that caused it commits. The body is serialised here once; every attempt sends it.
 * Returns the deliveries queued.
 */
export async function emit(repos: StoreRepos, event: CloudEvent<MatchFields>): Promise<number> {
  return emitMany(repos, [event]);
}

/** {@link emit} for several events, reading the subscriptions once. */
export async function emitMany(
  repos: StoreRepos,
  events: readonly CloudEvent<MatchFields>[],
): Promise<number> {
  if (events.length === 0) return 0;
  const subs = (await repos.webhooks.subscriptions()).filter((s) => s.enabled);
  const items = [];
  for (const event of events) {
    const body = JSON.stringify(event);
    for (const s of subs) {
      if (!subscriptionMatches(s, event)) continue;
      items.push({
        subscriptionId: s.id,
        eventId: event.id,
        eventType: event.type,
        body,
        at: event.time,
      });
    }
  }
  if (items.length > 0) await repos.webhooks.enqueue(items);
  return items.length;
}
