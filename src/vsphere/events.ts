import type { VimClient } from './client.js';
import type { SoapObject } from './encode.js';
import type { CallOptions, MoRef, VimValue } from './types.js';
import { asMoRef, asNumber, asObject, asString, decodeValue, returnRef } from './values.js';
import { childrenNamed, type XmlElement } from './xml.js';

/** The VM lifecycle events discovery reads (vim.event.*). */
export const vmLifecycleEventTypes = [
  'VmClonedEvent',
  'VmDeployedEvent',
  'VmCreatedEvent',
  'VmRemovedEvent',
  'VmReconfiguredEvent',
] as const;

/** A VM named in an event (`VmEventArgument`): the name at the time, and the reference. */
export interface VmArgument {
  readonly name: string;
  readonly vm?: MoRef;
}

/** The fields of a vim25 Event Patchline reads; `type` is the event's `xsi:type`. */
export interface VimEvent {
  readonly key: number;
  readonly type: string;
  readonly createdTime: string;
  readonly chainId?: number;
  readonly userName?: string;
  readonly message?: string;
  readonly vm?: VmArgument;
  /** VmClonedEvent.sourceVm */
  readonly sourceVm?: VmArgument;
  /** VmDeployedEvent.srcTemplate */
  readonly srcTemplate?: VmArgument;
}

function vmArgument(v: VimValue | undefined): VmArgument | undefined {
  const o = asObject(v);
  const name = asString(o?.name);
  if (!o || name === undefined) return undefined;
  const vm = asMoRef(o.vm);
  return vm ? { name, vm } : { name };
}

/** Decodes one event element; returns undefined for one without a key or type. */
export function readEvent(el: XmlElement): VimEvent | undefined {
  const o = asObject(decodeValue(el));
  const key = asNumber(o?.key);
  const type = o?._type;
  if (!o || key === undefined || type === undefined) return undefined;
  const fields: Record<string, unknown> = { key, type, createdTime: asString(o.createdTime) ?? '' };
  const opt: Record<string, unknown> = {
    chainId: asNumber(o.chainId),
    userName: asString(o.userName),
    message: asString(o.fullFormattedMessage),
    vm: vmArgument(o.vm),
    sourceVm: vmArgument(o.sourceVm),
    srcTemplate: vmArgument(o.srcTemplate),
  };
  for (const [k, v] of Object.entries(opt)) if (v !== undefined) fields[k] = v;
  return fields as unknown as VimEvent;
}

export interface EventQuery extends CallOptions {
  readonly types?: readonly string[];
  /** Only events created at or after this instant (EventFilterSpec.time.beginTime). */
  readonly since?: string;
  readonly entity?: MoRef;
}

function filterSpec(q: EventQuery): SoapObject {
  return {
    entity: q.entity ? { entity: q.entity, recursion: 'self' } : undefined,
    time: q.since ? { beginTime: q.since } : undefined,
    eventTypeId: q.types ? [...q.types] : undefined,
  };
}

function readEvents(res: XmlElement): VimEvent[] {
  const out: VimEvent[] = [];
  for (const rv of childrenNamed(res, 'returnval')) {
    const e = readEvent(rv);
    if (e) out.push(e);
  }
  return out;
}

/** `EventManager.QueryEvents`: the matching events the server still keeps, oldest first. */
export async function queryEvents(client: VimClient, q: EventQuery = {}): Promise<VimEvent[]> {
  const res = await client.invoke(
    'QueryEvents',
    client.serviceContent.eventManager,
    [['filter', filterSpec(q)]],
    q,
  );
  return readEvents(res).sort((a, b) => a.key - b.key);
}

/**
 * Reads events through an EventHistoryCollector (CreateCollectorForEvents, RewindCollector,
 * ReadNextEvents pages of `pageSize` until empty, DestroyCollector), keeping those with a key
 * above `afterKey`: the incremental-sync resume point. Sorted by key.
 */
export async function collectEvents(
  client: VimClient,
  q: EventQuery & { readonly afterKey?: number; readonly pageSize?: number } = {},
): Promise<VimEvent[]> {
  const created = await client.invoke(
    'CreateCollectorForEvents',
    client.serviceContent.eventManager,
    [['filter', filterSpec(q)]],
    q,
  );
  const collector = returnRef(created);
  const pageSize = q.pageSize ?? 1000;
  const out: VimEvent[] = [];
  try {
    await client.invoke('SetCollectorPageSize', collector, [['maxCount', pageSize]], q);
    await client.invoke('RewindCollector', collector, [], q);
    for (;;) {
      const page = readEvents(
        await client.invoke('ReadNextEvents', collector, [['maxCount', pageSize]], q),
      );
      if (page.length === 0) break;
      for (const e of page) if (q.afterKey === undefined || e.key > q.afterKey) out.push(e);
    }
  } finally {
    await client.invoke('DestroyCollector', collector, []).catch(() => undefined);
  }
  return out.sort((a, b) => a.key - b.key);
}
