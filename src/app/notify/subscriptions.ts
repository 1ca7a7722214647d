import { randomUUID } from 'node:crypto';
import { severityOrder, type Severity } from '../../domain/advisory.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Store, WebhookSubscription } from '../../store/index.js';
import { newEvent } from './cloudevent.js';
import { EventType, parseEventType } from './event-types.js';
import type { WebhookSecrets } from './secrets.js';
import { sendWebhook, type SendDeps, type SendResult } from './send.js';
import { newWebhookSecret } from './signing.js';

export interface CreateWebhookInput {
  readonly url: string;
  /** Types, full or short (`sla.breached`); absent or empty for all. */
  readonly events?: readonly string[];
  readonly minSeverity?: string;
  readonly tiers?: readonly string[];
  readonly actor: string;
}

/** A new subscription and its signing secret: the only time the secret is shown. */
export interface CreatedWebhook {
  readonly subscription: WebhookSubscription;
  readonly secret: string;
}

/** Refuses a URL that is not http(s) or that carries credentials. */
export function checkWebhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError(ErrorCode.InputInvalid, `not a URL: ${text}`, {
      location: { record: 'url' },
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      ErrorCode.InputInvalid,
      `webhook URL must be http or https, not ${url.protocol}`,
      {
        location: { record: 'url' },
      },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError(
      ErrorCode.InputInvalid,
      'webhook URL must not carry credentials: receivers verify the signature instead',
      { location: { record: 'url' } },
    );
  }
  url.hash = '';
  return url.toString();
}

function checkSeverity(text: string | undefined): Severity | null {
  if (text === undefined) return null;
  const s = severityOrder.find((x) => x === text.toLowerCase());
  if (!s) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `unknown severity ${text}: one of ${severityOrder.join(', ')}`,
      { location: { record: 'minSeverity' } },
    );
  }
  return s;
}

function checkTypes(events: readonly string[] | undefined): string[] | null {
  if (!events || events.length === 0) return null;
  return events.map((e) => {
    const t = parseEventType(e.trim());
    if (!t) {
      throw new AppError(ErrorCode.InputInvalid, `unknown event type ${e}`, {
        location: { record: 'events' },
      });
    }
    return t;
  });
}

/**
 * Stores a subscription with a fresh secret sealed by `secrets`, audited. The secret is
 * returned here once; nothing else ever returns it.
 */
export async function createWebhook(
  store: Store,
  secrets: WebhookSecrets,
  input: CreateWebhookInput,
): Promise<CreatedWebhook> {
  const url = checkWebhookUrl(input.url);
  const eventTypes = checkTypes(input.events);
  const minSeverity = checkSeverity(input.minSeverity);
  const tiers = input.tiers && input.tiers.length > 0 ? [...input.tiers] : null;
  const id = randomUUID();
  const secret = newWebhookSecret();
  const subscription = await store.transaction(async (tx) => {
    const s = await tx.webhooks.addSubscription({
      id,
      url,
      eventTypes,
      minSeverity,
      tiers,
      enabled: true,
      createdBy: input.actor,
      secretCiphertext: secrets.seal(id, secret),
    });
    await tx.audit.append({
      actor: input.actor,
      action: 'webhooks.add',
      object: `webhook:${id}`,
      details: { url, eventTypes, minSeverity, tiers },
    });
    return s;
  });
  return { subscription, secret };
}

/** Every subscription, never with its secret. */
export function listWebhooks(store: Store): Promise<WebhookSubscription[]> {
  return store.webhooks.subscriptions();
}

/** Deletes a subscription and its deliveries, audited; NOT_FOUND for an unknown id. */
export async function removeWebhook(store: Store, id: string, actor: string): Promise<void> {
  await store.transaction(async (tx) => {
    if (!(await tx.webhooks.removeSubscription(id))) {
      throw new AppError(ErrorCode.NotFound, `no webhook ${id}`, { location: { record: id } });
    }
    await tx.audit.append({ actor, action: 'webhooks.remove', object: `webhook:${id}` });
  });
}

export interface PingDeps extends SendDeps {
  readonly secrets: WebhookSecrets;
}

/**
 * Sends one `io.patchline.webhook.ping` CloudEvent to the subscription now, signed like any
 * delivery but not queued or retried; the result says what the endpoint answered.
 */
export async function pingWebhook(store: Store, deps: PingDeps, id: string): Promise<SendResult> {
  const [sub, sealed] = await Promise.all([
    store.webhooks.subscription(id),
    store.webhooks.subscriptionSecret(id),
  ]);
  if (!sub || sealed === undefined) {
    throw new AppError(ErrorCode.NotFound, `no webhook ${id}`, { location: { record: id } });
  }
  const event = newEvent(deps.clock, {
    type: EventType.Ping,
    subject: `webhook/${id}`,
    data: { subscription: id },
  });
  return sendWebhook(
    deps,
    { url: sub.url, secret: deps.secrets.open(id, sealed), msgId: `ping_${event.id}` },
    JSON.stringify(event),
  );
}
