import type { Generated } from 'kysely';

/**
 * Row types of the store, as Kysely sees them. Timestamps are ISO-8601 UTC text in both
 * dialects so that ordering and equality behave the same on SQLite and PostgreSQL; JSON columns
 * are text holding canonical JSON. Integer ids are 32-bit so `pg` returns numbers, not strings.
 */
export interface Database {
  assets: AssetsTable;
  packages: PackagesTable;
  package_sets: PackageSetsTable;
  package_set_entries: PackageSetEntriesTable;
  inventories: InventoriesTable;
  inventory_deltas: InventoryDeltasTable;
  audit_events: AuditEventsTable;
  raw_payloads: RawPayloadsTable;
  advisories: AdvisoriesTable;
  advisory_affected: AdvisoryAffectedTable;
  feed_state: FeedStateTable;
  vsphere_connections: VsphereConnectionsTable;
  vsphere_sync_state: VsphereSyncStateTable;
  vsphere_objects: VsphereObjectsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  notified: NotifiedTable;
  policy_versions: PolicyVersionsTable;
  policy_activation: PolicyActivationTable;
  waiver_requests: WaiverRequestsTable;
  waiver_approvals: WaiverApprovalsTable;
}

/** A host or an image version; `name` is unique across both kinds. */
export interface AssetsTable {
  id: string;
  kind: string;
  name: string;
  platform: string | null;
  /** JSON object of string labels. */
  labels: string;
  image_name: string | null;
  image_version: string | null;
  /** Asset id of the image version this asset was cloned from (or built on, for images). */
  cloned_from: string | null;
  cloned_at: string | null;
  provenance_via: string | null;
  last_inventory_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set while the asset is retired (migration 0005): kept for history, left out of evaluation. */
  retired_at: string | null;
  retired_reason: string | null;
}

/** One distinct installed-package tuple, stored once for the whole fleet. */
export interface PackagesTable {
  id: Generated<number>;
  name: string;
  version: string;
  arch: string;
  source_name: string;
  source_version: string;
  /** rpm MODULARITYLABEL: null when the inventory did not say, `''` when not modular. */
  modularity_label: string | null;
}

/** A content-addressed set of packages: `hash` is SHA-256 of the canonical sorted list. */
export interface PackageSetsTable {
  id: Generated<number>;
  hash: string;
  package_count: number;
  created_at: string;
}

export interface PackageSetEntriesTable {
  set_id: number;
  package_id: number;
}

/**
 * The current inventory of an asset. Either `set_id` (the full list) or `base_set_id` plus rows
 * in `inventory_deltas` (packages added to / removed from the image version's set) is set.
 */
export interface InventoriesTable {
  id: Generated<number>;
  asset_id: string;
  format: string;
  platform: string | null;
  set_id: number | null;
  base_set_id: number | null;
  package_count: number;
  /** Same hash as a package set's: identical lists hash alike whatever form they are stored in. */
  content_hash: string;
  running_kernel: string | null;
  hostname: string | null;
  /** JSON of the Windows state, for Windows inventories. */
  windows: string | null;
  imported_at: string;
}

export interface InventoryDeltasTable {
  inventory_id: number;
  package_id: number;
  /** `add` or `remove`; a changed version is a remove plus an add. */
  op: string;
}

/** Append-only, hash-chained; UPDATE and DELETE are refused by triggers. */
export interface AuditEventsTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  object: string;
  reason: string | null;
  /** Canonical JSON, or null. */
  details: string | null;
  prev_hash: string;
  hash: string;
}

/** A fetched feed document, kept verbatim with its provenance. */
export interface RawPayloadsTable {
  id: Generated<number>;
  source: string;
  url: string;
  fetched_at: string;
  sha256: string;
  content_type: string | null;
  etag: string | null;
  last_modified: string | null;
  body: Uint8Array;
}

export interface AdvisoriesTable {
  source: string;
  id: string;
  title: string | null;
  published: string | null;
  modified: string | null;
  vendor_severity: string | null;
  severity: string;
  classification: string;
  /** JSON arrays. */
  cves: string;
  cvss: string | null;
  references: string | null;
  reboot_hint: number | null;
  known_exploited: number | null;
  raw_payload_id: number | null;
  parser_version: string;
  updated_at: string;
}

export interface AdvisoryAffectedTable {
  source: string;
  advisory_id: string;
  seq: number;
  /** `package` or `kb`. */
  kind: string;
  platform: string;
  /** Package name, or the Windows product. */
  package: string;
  package_kind: string | null;
  /** JSON array, or null for all architectures. */
  arch: string | null;
  status: string;
  fixed: string | null;
  introduced: string | null;
  kb: string | null;
  supersedes: string | null;
  fixed_build: string | null;
  restart_required: number | null;
  /** `name:stream` of a modular package fix. */
  module: string | null;
}

export interface FeedStateTable {
  source: string;
  etag: string | null;
  last_modified: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  /** Source-specific resume point (last index entry, page token), as JSON. */
  cursor: string | null;
}

/** A vCenter connection; the password is AES-256-GCM ciphertext (`app/vsphere/secrets.ts`). */
export interface VsphereConnectionsTable {
  name: string;
  url: string;
  username: string;
  password_ciphertext: string;
  /** JSON of the TLS trust: system roots, a CA bundle, or a pinned thumbprint. */
  tls: string;
  created_at: string;
}

/** Where a connection's incremental sync resumes. */
export interface VsphereSyncStateTable {
  connection: string;
  last_event_key: number | null;
  last_event_time: string | null;
  last_sync_at: string;
  last_full_sync_at: string | null;
}

/** A VM or template a connection has seen, so a later sync can tell which disappeared. */
export interface VsphereObjectsTable {
  connection: string;
  moref: string;
  asset_name: string;
  /** `host` or `image`. */
  kind: string;
  removed_at: string | null;
}

/** A person who may use the API (migration 0009). `name_key` is `name` lower-cased, unique. */
export interface UsersTable {
  id: string;
  name: string;
  name_key: string;
  role: string;
  /** Canonical JSON of the label selector, or null for the whole estate. */
  scope: string | null;
  /** `$scrypt$ln=…,r=…,p=…$salt$hash` (`app/identity/password.ts`). */
  password_hash: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

/** An API token; only the SHA-256 (hex) of its secret is kept. */
export interface ApiTokensTable {
  /** The id part of the token text, `plt_<id>_<secret>`. */
  id: string;
  user_id: string;
  name: string;
  role: string;
  scope: string | null;
  secret_hash: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A web session; the cookie value is kept only as its SHA-256 (hex). */
export interface SessionsTable {
  id: string;
  secret_hash: string;
  user_id: string;
  /** Worthless without the cookie, whose value is not stored, so kept as is. */
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute end; the idle end is `last_seen_at` plus the idle timeout. */
  expires_at: string;
  ended_at: string | null;
}

/** A webhook endpoint; the signing secret is AES-256-GCM ciphertext bound to `webhook:<id>`. */
export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  /** JSON array of CloudEvents types, or null for every type. */
  event_types: string | null;
  min_severity: string | null;
  /** JSON array of tier names, or null for every tier. */
  tiers: string | null;
  secret_ciphertext: string;
  /** 1 or 0. */
  enabled: number;
  created_by: string;
  created_at: string;
}

/** One event to send to one subscription: the outbox. */
export interface WebhookDeliveriesTable {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  /** The CloudEvent, serialised once at emit so every attempt signs the same bytes. */
  body: string;
  /** `pending`, `delivered` or `dead`. */
  status: string;
  /** Attempts since it was last queued. */
  attempts: number;
  total_attempts: number;
  next_attempt_at: string | null;
  queued_at: string;
  created_at: string;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  seq: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** A (type, subject) a detector has emitted once, so it is not emitted again. */
export interface NotifiedTable {
  type: string;
  subject: string;
  at: string;
}

/** An uploaded policy, never changed once written. */
export interface PolicyVersionsTable {
  version: number;
  /** sha256 of the canonical JSON of `files`: the same texts upload once. */
  content_hash: string;
  /** The loader's hash of the validated policy (`Policy.hash`). */
  policy_hash: string;
  /** JSON array of `{ file, text }` in merge order. */
  files: string;
  uploaded_by: string;
  uploaded_at: string;
  comment: string | null;
}

/** The one active policy version: a single row, `slot` 1. */
export interface PolicyActivationTable {
  slot: number;
  version: number;
  activated_by: string;
  activated_at: string;
}

/** A waiver asked for through the store; `state`: requested, approved, rejected, revoked. */
export interface WaiverRequestsTable {
  seq: number;
  /** JSON of the policy's waiver scope. */
  scope: string;
  reason: string;
  compensating_control: string | null;
  /** YYYY-MM-DD; the waiver no longer covers that day. */
  expires: string;
  /** Distinct approvers needed, from the policy in force when it was requested. */
  required_approvals: number;
  state: string;
  requested_by: string;
  requested_at: string;
  /** Who rejected or revoked it, when and why. */
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** One approver's approval of a request; the key keeps each approver counted once. */
export interface WaiverApprovalsTable {
  seq: number;
  approver: string;
  approved_at: string;
}
