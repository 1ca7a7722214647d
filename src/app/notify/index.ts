/**
 * Outbound notifications (docs/decisions/0052-webhooks.md): webhook subscriptions, an outbox
 * written in the caller's transaction, a delivery loop with retries and dead letters, and
 * detectors that turn evaluations into CloudEvents.
 */
export { cloudEventsMediaType, CloudEventJson, newEvent, type CloudEvent } from './cloudevent.js';
export { EventType, parseEventType, subscribableTypes } from './event-types.js';
export { emit, emitMany, subscriptionMatches, type MatchFields } from './outbox.js';
export { maxAttempts, maxAgeMs, nextAttemptAt, retryDelaysMs } from './backoff.js';
export {
  deliverDue,
  listDeadLetters,
  listDeliveries,
  redeliver,
  type DeliverDeps,
  type DeliverReport,
} from './deliver.js';
export { sendWebhook, type FetchLike, type SendDeps, type SendResult } from './send.js';
export { webhookSecrets, type WebhookSecrets } from './secrets.js';
export { newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from './signing.js';
export {
  checkWebhookUrl,
  createWebhook,
  listWebhooks,
  pingWebhook,
  removeWebhook,
  type CreatedWebhook,
  type CreateWebhookInput,
} from './subscriptions.js';
export { detectAndEmit, type DetectOptions, type DetectReport } from './detect-and-emit.js';
export { deliverJob, detectJob } from './jobs.js';
