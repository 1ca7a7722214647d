import type { AssetKind, Labels } from '../domain/asset.js';
import type {
  InstalledPackage,
  Inventory,
  InventoryFormat,
  WindowsState,
} from '../domain/inventory.js';
import type { Platform } from '../domain/platform.js';
import type { DialectId } from './dialect.js';
import type { AdvisoryRepository, FeedRepository } from './repos/advisory-types.js';
import type { EnrichmentRepository } from './repos/enrichment.js';
import type { FindingClockRepository } from './repos/finding-clocks.js';
import type { JobRepository } from './repos/jobs.js';
import type { PolicyVersionRepository } from './repos/policy-versions.js';
import type { SecretRepository } from './repos/secrets.js';
import type { SessionRepository } from './repos/sessions.js';
import type { TokenRepository } from './repos/api-tokens.js';
import type { UserRepository } from './repos/users.js';
import type { VsphereRepository } from './repos/vsphere.js';
import type { WebhookRepository } from './repos/webhooks.js';
import type { WaiverRequestRepository } from './repos/waiver-requests.js';

export type * from './repos/advisory-types.js';
export type * from './repos/enrichment.js';
export type * from './repos/finding-clocks.js';
export type * from './repos/jobs.js';
export type * from './repos/policy-versions.js';
export type * from './repos/secrets.js';
export type * from './repos/sessions.js';
export type * from './repos/api-tokens.js';
export type * from './repos/users.js';
export type * from './repos/vsphere.js';
export type * from './repos/webhooks.js';
export type * from './repos/waiver-requests.js';

/** An asset as the store keeps it (DESIGN.md "Asset"); the inventory is read separately. */
export interface AssetRecord {
  readonly id: string;
  readonly kind: AssetKind;
  readonly name: string;
  /** `debian:12`, or null when unknown. */
  readonly platform: string | null;
  readonly labels: Labels;
  /** For images: the image and version this asset is. */
  readonly image: { readonly name: string; readonly version: string } | null;
  /** Asset id of the image version this asset was cloned from. */
  readonly clonedFrom: string | null;
  readonly clonedAt: string | null;
  /** How the lineage was learned: `declared`, `event`, `attribute`. */
  readonly provenanceVia: string | null;
  readonly lastInventoryAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the asset was retired, or null while it is live. */
  readonly retiredAt: string | null;
  readonly retiredReason: string | null;
}

/** What an upsert sets; absent optional fields keep their stored value on update. */
export interface AssetInput {
  readonly kind: AssetKind;
  readonly name: string;
  readonly platform?: string | null;
  /** Replaces all labels when given. */
  readonly labels?: Labels;
  readonly image?: { readonly name: string; readonly version: string } | null;
  readonly clonedFrom?: string | null;
  readonly clonedAt?: string | null;
  readonly provenanceVia?: string | null;
}

/** One row of the asset listing. */
export interface AssetSummary extends AssetRecord {
  /** Name of the image version in `clonedFrom`. */
  readonly imageVersion: string | null;
  /** Packages in the current inventory, or null when none was imported. */
  readonly packageCount: number | null;
}

export interface AssetRepository {
  get(id: string): Promise<AssetRecord | undefined>;
  /** The assets of `ids` that exist, by id. */
  getMany(ids: readonly string[]): Promise<Map<string, AssetRecord>>;
  findByName(name: string): Promise<AssetRecord | undefined>;
  /** The assets of `names` that exist, by name. */
  findManyByName(names: readonly string[]): Promise<Map<string, AssetRecord>>;
  /**
   * Creates the asset, or updates the one with the same name. Throws CONFLICT when that name
   * belongs to an asset of another kind.
   */
  upsert(input: AssetInput): Promise<AssetRecord>;
  /** `upsert` for a batch of distinct names, in a few statements; results in input order. */
  upsertMany(inputs: readonly AssetInput[]): Promise<AssetRecord[]>;
  /**
   * Live assets, by name, with their inventory size and image-version name; retired ones too
   * with `includeRetired`. Evaluation and reports read this listing, so retired assets leave them.
   */
  list(filter?: {
    readonly kind?: AssetKind;
    readonly includeRetired?: boolean;
    /** Only the asset of this name (a listing of one, or none). */
    readonly name?: string;
  }): Promise<readonly AssetSummary[]>;
  /**
   * Marks the asset retired now, keeping its inventory and history. Already retired: returned
   * unchanged. Throws NOT_FOUND for an unknown id. Replacing its inventory makes it live again.
   */
  retire(id: string, opts?: { readonly reason?: string | null }): Promise<AssetRecord>;
  /** How many assets name `id` as the image version they were cloned from, live and retired. */
  countClones(id: string): Promise<CloneCount>;
  /**
   * Deletes the asset with its inventory and SLA clocks. An image version with live clones is
   * refused (CONFLICT, `details.liveClones`) unless `force`; clones then lose their lineage but
   * keep their inventories (the image's package set stays). Throws NOT_FOUND for an unknown id.
   */
  delete(id: string, opts?: { readonly force?: boolean }): Promise<AssetDeletion>;
}

export interface CloneCount {
  readonly live: number;
  readonly retired: number;
}

/** What deleting an asset removed. */
export interface AssetDeletion {
  readonly asset: AssetRecord;
  readonly inventories: number;
  /** Clones (live or retired) whose lineage pointed at the asset and now points nowhere. */
  readonly detachedClones: number;
  readonly clocks: number;
}

/** How an inventory was stored. */
export interface StoredInventory {
  readonly id: number;
  readonly assetId: string;
  /** `full`: a content-addressed package set; `delta`: the base set plus added/removed rows. */
  readonly form: 'full' | 'delta';
  readonly packageCount: number;
  /** SHA-256 of the canonical package list (see `package-set.ts`). */
  readonly contentHash: string;
  /** Relative to the base: packages only on this asset, only in the base, or in both at another version. */
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly importedAt: string;
  /** Present when the asset was retired until this inventory made it live again. */
  readonly unretired?: { readonly at: string; readonly reason: string | null };
}

/** One asset's new inventory, for {@link InventoryRepository.replaceMany}. */
export interface InventoryReplacement {
  readonly assetId: string;
  readonly inventory: Inventory;
  /** The image version to store a delta against (see `replace`). */
  readonly baseAssetId?: string | null;
}

export interface InventoryRepository {
  /**
   * Replaces the asset's inventory. With `baseAssetId` (an image version that has a full
   * inventory) only the difference to that image's package set is written; otherwise the
   * list is stored once per distinct content. Reads and writes O(inventory) rows, never O(fleet).
   */
  replace(
    assetId: string,
    inventory: Inventory,
    opts?: { readonly baseAssetId?: string | null },
  ): Promise<StoredInventory>;
  /**
   * `replace` for a batch of distinct assets, in a fixed number of statements per batch rather
   * than per inventory; results in input order.
   */
  replaceMany(items: readonly InventoryReplacement[]): Promise<StoredInventory[]>;
  /** The asset's current inventory, rebuilt in domain order; undefined when none. */
  get(assetId: string): Promise<Inventory | undefined>;
  /** Metadata of the current inventory without its packages. */
  describe(assetId: string): Promise<StoredInventory | undefined>;
}

export interface AuditInput {
  readonly actor: string;
  readonly action: string;
  /** `asset:<id>`, `policy:<hash>` … */
  readonly object: string;
  readonly reason?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditEvent extends AuditInput {
  readonly seq: number;
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Result of checking the chain: where it first breaks, if anywhere. */
export interface AuditVerification {
  readonly ok: boolean;
  readonly count: number;
  readonly brokenAt?: number;
  readonly problem?: string;
}

/** The newest event of the log: what an anchor records. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
  /** Events in the log. */
  readonly count: number;
}

/** A head recorded outside the store (`PATCHLINE_AUDIT_ANCHOR`), to detect a truncated log. */
export interface AuditAnchor extends AuditHead {
  /** When it was recorded. */
  readonly at: string;
}

/** {@link AuditVerification} with the head that was reached and the anchor checked, if any. */
export interface AuditCheck extends AuditVerification {
  readonly head?: AuditHead;
  readonly anchor?: AuditAnchor;
}

/** Filters of {@link AuditLog.list}; all optional, combined with AND. */
export interface AuditListFilter {
  readonly object?: string;
  readonly actor?: string;
  /** Only events at or after this ISO 8601 instant. */
  readonly since?: string;
  /** @default 100 */
  readonly limit?: number;
}

/** The append-only, hash-chained audit log (DESIGN.md "Audit event"). */
export interface AuditLog {
  /**
   * Appends after the tail, first checking the tail's hash and link against their
   * recomputation: a forged or edited tail is refused with AUDIT_BROKEN rather than chained onto.
   */
  append(event: AuditInput): Promise<AuditEvent>;
  /** Appends the events in order, chained one after another (tail checked as `append`). */
  appendMany(events: readonly AuditInput[]): Promise<AuditEvent[]>;
  /** Most recent first. */
  list(opts?: AuditListFilter): Promise<readonly AuditEvent[]>;
  /** Recomputes every hash from the first event on. */
  verify(): Promise<AuditVerification>;
  /** `verify`, and when given an anchor, that its event is still there, unchanged. */
  check(anchor?: AuditAnchor): Promise<AuditCheck>;
  /** The newest event and the count, or undefined for an empty log. */
  head(): Promise<AuditHead | undefined>;
}

/** One current inventory as stored: a full set, or a base set plus a delta. */
export interface FleetInventory {
  readonly assetId: string;
  readonly format: InventoryFormat;
  readonly platform: Platform | null;
  /** The content-addressed set, for a full inventory. */
  readonly setId: number | null;
  /** The image version's set, for a delta inventory. */
  readonly baseSetId: number | null;
  /** Delta rows (empty for a full inventory), in domain order. */
  readonly added: readonly InstalledPackage[];
  readonly removed: readonly InstalledPackage[];
  readonly windows?: WindowsState;
  readonly runningKernel?: string;
}

/** Bulk reads for fleet evaluation, in the stored base + delta form. */
export interface FleetReader {
  /** Every current inventory of a live asset, or only those of `assetIds`; retired ones too with `includeRetired`. */
  inventories(filter?: {
    readonly assetIds?: readonly string[];
    readonly includeRetired?: boolean;
  }): Promise<FleetInventory[]>;
  /** Packages of each set, in domain order. */
  sets(ids: Iterable<number>): Promise<Map<number, InstalledPackage[]>>;
}

/** The repositories, bound either to the store (each call atomic) or to one transaction. */
export interface StoreRepos {
  readonly assets: AssetRepository;
  readonly inventories: InventoryRepository;
  readonly audit: AuditLog;
  readonly advisories: AdvisoryRepository;
  readonly feeds: FeedRepository;
  readonly fleet: FleetReader;
  /** SLA clocks and daily compliance snapshots. */
  readonly clocks: FindingClockRepository;
  /** vCenter connections, sync state and tracked objects. */
  readonly vsphere: VsphereRepository;
  /** Every encrypted credential, for key checks and rotation. */
  readonly secrets: SecretRepository;
  /** CISA KEV entries and FIRST EPSS scores by CVE. */
  readonly enrichment: EnrichmentRepository;
  /** API users, their tokens and web sessions (decision 0051). */
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
  /** Durable jobs of both engines, and the schedule ticks that fired. */
  readonly jobs: JobRepository;
  /** Webhook subscriptions, the delivery outbox and what detectors already notified. */
  readonly webhooks: WebhookRepository;
  /** Uploaded policy versions and the active one. */
  readonly policies: PolicyVersionRepository;
  /** Waiver requests and their approvals. */
  readonly waiverRequests: WaiverRequestRepository;
}

/** Row counts per table and the space the database takes. */
export interface StoreStats {
  readonly rows: Readonly<Record<string, number>>;
  readonly bytes: number;
}

/**
 * Persistent state of Patchline on SQLite or PostgreSQL. Each repository call on the store is
 * atomic on its own; `transaction` makes several calls one unit that commits or leaves nothing.
 */
export interface Store extends StoreRepos {
  readonly dialect: DialectId;
  transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
