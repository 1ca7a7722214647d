import type { EventType } from '../event-types.js';
import type { MatchFields } from '../outbox.js';

/**
 * Something worth one notification: the event's type, CloudEvents `subject` and `data`, and
 * the key that says "this one" for deduplication (the `notified` table's subject), so the same
 * finding, breach or expiry is never announced twice.
 */
export interface Detection {
  readonly type: EventType;
  readonly key: string;
  readonly subject: string;
  readonly data: Readonly<Record<string, unknown>> & MatchFields;
}
