import { AppError, ErrorCode } from '../../domain/errors.js';
import type { PolicyVersionsTable } from '../schema.js';
import type { RepoContext } from './context.js';

/** One file of an uploaded policy; a single-document policy is one of them. */
export interface PolicyFile {
  readonly file: string;
  readonly text: string;
}

/** An uploaded policy version without its texts. */
export interface PolicyVersionSummary {
  /** 1, 2, 3… in upload order. */
  readonly version: number;
  readonly contentHash: string;
  readonly policyHash: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly comment: string | null;
}

export interface PolicyVersionRecord extends PolicyVersionSummary {
  /** In merge order. */
  readonly files: readonly PolicyFile[];
}

export type PolicyVersionInput = Omit<PolicyVersionRecord, 'version' | 'uploadedAt'>;

export interface PolicyActivation {
  readonly version: number;
  readonly activatedBy: string;
  readonly activatedAt: string;
}

/** Uploaded policy versions and the active one (migration `0012-policy-versions`). */
export interface PolicyVersionRepository {
  /**
   * Stores a new version numbered one past the newest, dated by the store's clock. A version
   * with the same `contentHash` already stored is returned instead (`created: false`).
   */
  add(input: PolicyVersionInput): Promise<{ record: PolicyVersionRecord; created: boolean }>;
  get(version: number): Promise<PolicyVersionRecord | undefined>;
  /** Every version, oldest first, without texts. */
  list(): Promise<PolicyVersionSummary[]>;
  active(): Promise<PolicyActivation | undefined>;
  /** Makes `version` the active one; NOT_FOUND when it was never uploaded. */
  activate(version: number, by: string): Promise<PolicyActivation>;
}

const slot = 1;

export function policyVersionRepository(ctx: RepoContext): PolicyVersionRepository {
  const { db } = ctx;
  const summaryColumns = [
    'version',
    'content_hash',
    'policy_hash',
    'uploaded_by',
    'uploaded_at',
    'comment',
  ] as const;
  return {
    async add(input) {
      const same = await db
        .selectFrom('policy_versions')
        .selectAll()
        .where('content_hash', '=', input.contentHash)
        .executeTakeFirst();
      if (same) return { record: toRecord(same), created: false };
      const last = await db
        .selectFrom('policy_versions')
        .select((eb) => eb.fn.max('version').as('n'))
        .executeTakeFirst();
      const row: PolicyVersionsTable = {
        version: Number(last?.n ?? 0) + 1,
        content_hash: input.contentHash,
        policy_hash: input.policyHash,
        files: JSON.stringify(input.files.map((f) => ({ file: f.file, text: f.text }))),
        uploaded_by: input.uploadedBy,
        uploaded_at: ctx.clock.now().toISOString(),
        comment: input.comment,
      };
      await db.insertInto('policy_versions').values(row).execute();
      return { record: toRecord(row), created: true };
    },
    async get(version) {
      const row = await db
        .selectFrom('policy_versions')
        .selectAll()
        .where('version', '=', version)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async list() {
      const rows = await db
        .selectFrom('policy_versions')
        .select(summaryColumns)
        .orderBy('version')
        .execute();
      return rows.map(toSummary);
    },
    async active() {
      const row = await db
        .selectFrom('policy_activation')
        .selectAll()
        .where('slot', '=', slot)
        .executeTakeFirst();
      return row && toActivation(row);
    },
    async activate(version, by) {
      const exists = await db
        .selectFrom('policy_versions')
        .select('version')
        .where('version', '=', version)
        .executeTakeFirst();
      if (!exists) {
        throw new AppError(ErrorCode.NotFound, `no policy version ${version}`, {
          location: { record: `policy-version:${version}` },
        });
      }
      const row = {
        slot,
        version,
        activated_by: by,
        activated_at: ctx.clock.now().toISOString(),
      };
      await db.deleteFrom('policy_activation').where('slot', '=', slot).execute();
      await db.insertInto('policy_activation').values(row).execute();
      return toActivation(row);
    },
  };
}

type SummaryRow = Omit<PolicyVersionsTable, 'files'>;

function toSummary(r: SummaryRow): PolicyVersionSummary {
  return {
    version: Number(r.version),
    contentHash: r.content_hash,
    policyHash: r.policy_hash,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
    comment: r.comment,
  };
}

function toRecord(r: PolicyVersionsTable): PolicyVersionRecord {
  return { ...toSummary(r), files: JSON.parse(r.files) as PolicyFile[] };
}

function toActivation(r: {
  version: number;
  activated_by: string;
  activated_at: string;
}): PolicyActivation {
  return {
    version: Number(r.version),
    activatedBy: r.activated_by,
    activatedAt: r.activated_at,
  };
}
