import type { RepoContext } from './context.js';

/**
 * When a finding was first seen and, once gone, when it was fixed: the only SLA state that cannot
 * be recomputed. Keyed (asset, advisory, package) where the asset is the image version for image
 * findings and the host only for findings the host introduced.
 */
export interface FindingClock {
  readonly assetId: string;
  readonly advisory: string;
  readonly package: string;
  readonly severity: string;
  readonly firstSeen: string;
  readonly fixedAt: string | null;
}

/** One group's compliance figures on one day, with the policy hash they were computed under. */
export interface ComplianceSnapshot {
  /** UTC day, `2026-11-27`. */
  readonly day: string;
  /** `all`, `tier`, `platform`, `image` or `label:KEY`. */
  readonly groupKind: string;
  readonly group: string;
  readonly figures: Readonly<Record<string, unknown>>;
  readonly policyHash: string;
  readonly takenAt: string;
}

/** Clocks and daily snapshots (migration `0003-finding-clocks`). */
export interface FindingClockRepository {
  /** Every clock row, by asset, advisory, package. */
  all(): Promise<FindingClock[]>;
  /** Inserts or replaces rows by (asset, advisory, package). */
  put(rows: readonly FindingClock[]): Promise<void>;
  /** Inserts or replaces by (day, group kind, group). */
  putSnapshots(rows: readonly ComplianceSnapshot[]): Promise<void>;
  /** Snapshots of one group kind, oldest day first, optionally from `since` (a day) on. */
  snapshots(groupKind: string, since?: string): Promise<ComplianceSnapshot[]>;
  /** Whether any snapshot was taken on `day`. */
  hasSnapshot(day: string): Promise<boolean>;
}

type Tables = {
  finding_clocks: {
    asset_id: string;
    advisory: string;
    package: string;
    severity: string;
    first_seen: string;
    fixed_at: string | null;
  };
  compliance_snapshots: {
    day: string;
    group_kind: string;
    group_key: string;
    figures: string;
    policy_hash: string;
    taken_at: string;
  };
};

/** Rows per insert: 6 columns × 500 stays far below both databases' parameter limits. */
const chunkSize = 500;

export function findingClockRepository(ctx: RepoContext): FindingClockRepository {
  const db = ctx.db.withTables<Tables>();
  return {
    async all() {
      const rows = await db
        .selectFrom('finding_clocks')
        .selectAll()
        .orderBy('asset_id')
        .orderBy('advisory')
        .orderBy('package')
        .execute();
      return rows.map((r) => ({
        assetId: r.asset_id,
        advisory: r.advisory,
        package: r.package,
        severity: r.severity,
        firstSeen: r.first_seen,
        fixedAt: r.fixed_at,
      }));
    },
    async put(rows) {
      for (let i = 0; i < rows.length; i += chunkSize) {
        const values = rows.slice(i, i + chunkSize).map((r) => ({
          asset_id: r.assetId,
          advisory: r.advisory,
          package: r.package,
          severity: r.severity,
          first_seen: r.firstSeen,
          fixed_at: r.fixedAt,
        }));
        await db
          .insertInto('finding_clocks')
          .values(values)
          .onConflict((oc) =>
            oc.columns(['asset_id', 'advisory', 'package']).doUpdateSet((eb) => ({
              severity: eb.ref('excluded.severity'),
              first_seen: eb.ref('excluded.first_seen'),
              fixed_at: eb.ref('excluded.fixed_at'),
            })),
          )
          .execute();
      }
    },
    async putSnapshots(rows) {
      for (let i = 0; i < rows.length; i += chunkSize) {
        const values = rows.slice(i, i + chunkSize).map((r) => ({
          day: r.day,
          group_kind: r.groupKind,
          group_key: r.group,
          figures: JSON.stringify(r.figures),
          policy_hash: r.policyHash,
          taken_at: r.takenAt,
        }));
        await db
          .insertInto('compliance_snapshots')
          .values(values)
          .onConflict((oc) =>
            oc.columns(['day', 'group_kind', 'group_key']).doUpdateSet((eb) => ({
              figures: eb.ref('excluded.figures'),
              policy_hash: eb.ref('excluded.policy_hash'),
              taken_at: eb.ref('excluded.taken_at'),
            })),
          )
          .execute();
      }
    },
    async snapshots(groupKind, since) {
      let q = db.selectFrom('compliance_snapshots').selectAll().where('group_kind', '=', groupKind);
      if (since !== undefined) q = q.where('day', '>=', since);
      const rows = await q.orderBy('day').orderBy('group_key').execute();
      return rows.map((r) => ({
        day: r.day,
        groupKind: r.group_kind,
        group: r.group_key,
        figures: JSON.parse(r.figures) as Record<string, unknown>,
        policyHash: r.policy_hash,
        takenAt: r.taken_at,
      }));
    },
    async hasSnapshot(day) {
      const r = await db
        .selectFrom('compliance_snapshots')
        .select('day')
        .where('day', '=', day)
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },
  };
}
