import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';

/** The media type of a CloudEvent in structured mode (CloudEvents JSON format 1.0, §3). */
export const cloudEventsMediaType = 'application/cloudevents+json';

/** The `source` of every event Patchline emits. */
export const defaultSource = '/patchline';

/**
 * A CloudEvents 1.0 event as its JSON format writes it: the required `specversion`, `id`,
 * `source` and `type`, plus `time`, `subject`, `datacontenttype` and `data`. `source` + `id`
 * is unique per event; a redelivery sends the same event, so the same id.
 */
export interface CloudEvent<D = Readonly<Record<string, unknown>>> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** RFC 3339. */
  readonly time: string;
  readonly subject?: string;
  readonly datacontenttype: 'application/json';
  readonly data: D;
}

/** Validates a received body as a structured-mode CloudEvent 1.0 (for tests and receivers). */
export const CloudEventJson = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.iso.datetime({ offset: true }).optional(),
  subject: z.string().min(1).optional(),
  datacontenttype: z.string().optional(),
  data: z.unknown().optional(),
});

export interface EventInput<D> {
  readonly type: string;
  readonly subject?: string;
  readonly data: D;
  readonly source?: string;
}

/** A new event stamped with a random id and the clock's time. */
export function newEvent<D>(clock: Clock, input: EventInput<D>): CloudEvent<D> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: input.source ?? defaultSource,
    type: input.type,
    time: clock.now().toISOString(),
    ...(input.subject !== undefined && { subject: input.subject }),
    datacontenttype: 'application/json',
    data: input.data,
  };
}
