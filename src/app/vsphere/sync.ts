import type { Clock } from '../../domain/clock.js';
import type { Labels } from '../../domain/asset.js';
import type {
  AssetInput,
  Store,
  StoreRepos,
  TrackedObject,
  VsphereSyncState,
} from '../../store/index.js';
import {
  collectEvents,
  ensureCustomField,
  moRef,
  setCustomField,
  vmLifecycleEventTypes,
  type CallOptions,
  type VimClient,
  type VimEvent,
  type TaggingClient,
} from '../../vsphere/index.js';
import { discoverVms, type DiscoveredVm } from './discover.js';
import { platformFromGuest } from './guest-platform.js';
import { hostAssetNames, imageAssetName, labelsOf, templateVersion } from './vm-assets.js';
import {
  formatLineage,
  LINEAGE_ATTRIBUTE,
  lineageFromEvents,
  parseLineage,
  type Lineage,
  type TemplateVersion,
} from './lineage.js';

export interface SyncDeps {
  readonly client: VimClient;
  /** The tagging service; tags become `vsphere.tag.CATEGORY` labels. Absent: no tags. */
  readonly tagging?: Pick<TaggingClient, 'attachedTags'>;
  /** Where the resume point is read, and whose `transaction` makes the sync's writes one unit. */
  readonly store: Pick<Store, 'vsphere' | 'transaction'>;
  readonly clock: Clock;
}

export interface SyncReport {
  readonly connection: string;
  readonly mode: 'full' | 'incremental';
  readonly vms: number;
  readonly templates: number;
  readonly removed: number;
  readonly events: number;
  readonly lineage: {
    readonly fromEvents: number;
    readonly fromAttributes: number;
    readonly stamped: number;
  };
  readonly lastEventKey: number | null;
  /** Whether vSphere tags were read (the tagging service may be absent, e.g. on ESXi). */
  readonly tags: 'synced' | 'unavailable';
}

/**
 * Syncs one vCenter into the asset store (issue 5 §2): VMs become hosts, templates become
 * image versions, VMs gone from vCenter are marked removed, and each VM's source template is
 * learned from clone/deploy events, stamped on the VM as the `patchline.clonedFrom` attribute,
 * and read back from it once the events have expired. A full sync reads all retained events;
 * an incremental one resumes after the last event key seen. Inventory is always one bulk pass.
 */
export async function syncVsphere(
  connection: string,
  deps: SyncDeps,
  opts: CallOptions & { readonly full?: boolean } = {},
): Promise<SyncReport> {
  const previous = await deps.store.vsphere.getSyncState(connection);
  const mode = opts.full || !previous || previous.lastEventKey === null ? 'full' : 'incremental';
  const lineageKey = await ensureCustomField(
    deps.client,
    LINEAGE_ATTRIBUTE,
    'VirtualMachine',
    opts,
  );
  const vms = await withTags(await discoverVms(deps.client, opts), deps.tagging, opts);
  const events = await readEvents(deps.client, mode === 'incremental' ? previous : undefined, opts);
  const lineage = resolveLineage(vms, events);
  const stamped = await stampLineage(deps.client, vms, lineage.fromEvents, lineageKey, opts);
  const now = deps.clock.now().toISOString();
  const state: VsphereSyncState = {
    lastEventKey: events.at(-1)?.key ?? previous?.lastEventKey ?? null,
    lastEventTime: events.at(-1)?.createdTime ?? previous?.lastEventTime ?? null,
    lastSyncAt: now,
    lastFullSyncAt: mode === 'full' ? now : (previous?.lastFullSyncAt ?? null),
  };
  const templates = vms.filter((v) => v.template).length;
  // Assets, tracked objects, the resume point and the audit event commit together: a sync
  // that fails half-way leaves the previous one's state to resume from.
  return deps.store.transaction(async (tx) => {
    const removed = await writeAssets(tx, connection, vms, lineage, now);
    await tx.vsphere.saveSyncState(connection, state);
    const report: SyncReport = {
      connection,
      mode,
      vms: vms.length - templates,
      templates,
      removed,
      events: events.length,
      lineage: {
        fromEvents: lineage.fromEvents.size,
        fromAttributes: lineage.fromAttributes,
        stamped,
      },
      lastEventKey: state.lastEventKey,
      tags: deps.tagging ? 'synced' : 'unavailable',
    };
    await tx.audit.append({
      actor: 'patchline',
      action: 'vsphere.sync',
      object: `vsphere:${connection}`,
      details: { ...report },
    });
    return report;
  });
}

async function withTags(
  vms: DiscoveredVm[],
  tagging: SyncDeps['tagging'],
  opts: CallOptions,
): Promise<DiscoveredVm[]> {
  if (!tagging) return vms;
  const tags = await tagging.attachedTags(
    vms.map((v) => moRef('VirtualMachine', v.moref)),
    opts,
  );
  return vms.map((v) => (tags.has(v.moref) ? { ...v, tags: tags.get(v.moref)! } : v));
}

/** VM lifecycle events: all retained ones, or those after `resume`'s last key (incremental). */
function readEvents(
  client: VimClient,
  resume: VsphereSyncState | undefined,
  opts: CallOptions,
): Promise<VimEvent[]> {
  return collectEvents(client, {
    ...opts,
    types: vmLifecycleEventTypes,
    ...(resume?.lastEventKey != null && { afterKey: resume.lastEventKey }),
    ...(resume?.lastEventTime && { since: resume.lastEventTime }),
  });
}

/** Writes event-learned lineage onto VMs whose attribute does not say it yet; returns how many. */
async function stampLineage(
  client: VimClient,
  vms: readonly DiscoveredVm[],
  fromEvents: ReadonlyMap<string, Lineage>,
  key: number,
  opts: CallOptions,
): Promise<number> {
  const byMoref = new Map(vms.map((v) => [v.moref, v]));
  let stamped = 0;
  for (const [moref, l] of fromEvents) {
    const vm = byMoref.get(moref);
    const value = formatLineage(l);
    if (!vm || vm.template || vm.attributes[LINEAGE_ATTRIBUTE] === value) continue;
    await setCustomField(client, moRef('VirtualMachine', moref), key, value, opts);
    stamped++;
  }
  return stamped;
}

interface ResolvedLineage {
  readonly byVm: ReadonlyMap<
    string,
    { readonly lineage: Lineage; readonly via: 'event' | 'attribute' }
  >;
  readonly fromEvents: ReadonlyMap<string, Lineage>;
  readonly fromAttributes: number;
}

function resolveLineage(
  vms: readonly DiscoveredVm[],
  events: readonly VimEvent[],
): ResolvedLineage {
  const templates = new Map<string, TemplateVersion>();
  const known = new Map<string, Lineage>();
  for (const vm of vms) {
    if (vm.template) {
      templates.set(vm.moref, {
        moref: vm.moref,
        name: vm.name,
        version: templateVersion(vm),
        instanceUuid: vm.instanceUuid,
      });
    }
    const attr = parseLineage(vm.attributes[LINEAGE_ATTRIBUTE]);
    if (attr) known.set(vm.moref, attr);
  }
  const fromEvents = lineageFromEvents(events, templates, known);
  const byVm = new Map<string, { lineage: Lineage; via: 'event' | 'attribute' }>();
  let fromAttributes = 0;
  for (const vm of vms) {
    const ev = fromEvents.get(vm.moref);
    const attr = known.get(vm.moref);
    if (ev) byVm.set(vm.moref, { lineage: ev, via: 'event' });
    else if (attr) {
      byVm.set(vm.moref, { lineage: attr, via: 'attribute' });
      fromAttributes++;
    }
  }
  return { byVm, fromEvents, fromAttributes };
}

/** Upserts every asset and tracked object on `tx`; returns how many objects were newly removed. */
async function writeAssets(
  tx: StoreRepos,
  connection: string,
  vms: readonly DiscoveredVm[],
  lineage: ResolvedLineage,
  now: string,
): Promise<number> {
  const tracked = await tx.vsphere.listObjects(connection);
  const seen = new Set(vms.map((v) => v.moref));
  const objects: TrackedObject[] = [];
  const imageIds = new Map<string, string>();
  const imageId = async (input: AssetInput): Promise<string> => {
    const hit = imageIds.get(input.name);
    if (hit) return hit;
    const rec = await tx.assets.upsert(input);
    imageIds.set(input.name, rec.id);
    return rec.id;
  };
  for (const vm of vms.filter((v) => v.template)) {
    const version = templateVersion(vm);
    const name = imageAssetName(vm.name, version);
    await imageId({
      kind: 'image',
      name,
      image: { name: vm.name, version },
      platform: platformFromGuest(vm.guest.guestFullName, vm.guest.guestId),
      labels: labelsOf(connection, vm),
    });
    objects.push({ moref: vm.moref, assetName: name, kind: 'image', removedAt: null });
  }
  const hosts = vms.filter((v) => !v.template);
  const names = hostAssetNames(
    hosts,
    new Map(tracked.filter((t) => t.kind === 'host').map((t) => [t.moref, t.assetName])),
  );
  for (const vm of hosts) {
    const name = names.get(vm.moref) ?? vm.name;
    const l = lineage.byVm.get(vm.moref);
    const provenance = l
      ? {
          clonedFrom: await imageId({
            kind: 'image',
            name: imageAssetName(l.lineage.template, l.lineage.version),
            image: { name: l.lineage.template, version: l.lineage.version },
          }),
          clonedAt: l.lineage.clonedAt,
          provenanceVia: l.via,
        }
      : {};
    await tx.assets.upsert({
      kind: 'host',
      name,
      platform: platformFromGuest(vm.guest.guestFullName, vm.guest.guestId),
      labels: labelsOf(connection, vm),
      ...provenance,
    });
    objects.push({ moref: vm.moref, assetName: name, kind: 'host', removedAt: null });
  }
  const removed = await markRemoved(tx, tracked, seen, now, objects);
  await tx.vsphere.saveObjects(connection, objects);
  return removed;
}

async function markRemoved(
  tx: StoreRepos,
  tracked: readonly TrackedObject[],
  seen: ReadonlySet<string>,
  now: string,
  objects: TrackedObject[],
): Promise<number> {
  let removed = 0;
  for (const t of tracked) {
    if (seen.has(t.moref) || t.removedAt) continue;
    const asset = await tx.assets.findByName(t.assetName);
    if (asset) {
      const labels: Labels = { ...asset.labels, 'vsphere.removed': now };
      await tx.assets.upsert({ kind: asset.kind, name: asset.name, labels });
    }
    objects.push({ ...t, removedAt: now });
    removed++;
  }
  return removed;
}
