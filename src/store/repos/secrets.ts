import { sql } from 'kysely';
import type { RepoContext } from './context.js';

/** One encrypted value the store keeps, with the context it is bound to (the AES-GCM AAD). */
export interface StoredSecret {
  /** Which registry entry: `vsphere`, `webhook`. */
  readonly kind: string;
  /** The row's key within its table (the connection name). */
  readonly id: string;
  /** Additional authenticated data the ciphertext was sealed with. */
  readonly context: string;
  readonly ciphertext: string;
}

/** Every encrypted value in the store, for key checks and rotation. */
export interface SecretRepository {
  list(): Promise<StoredSecret[]>;
  count(): Promise<number>;
  /** Overwrites the ciphertexts of existing secrets (by kind and id). */
  replace(items: readonly Pick<StoredSecret, 'kind' | 'id' | 'ciphertext'>[]): Promise<void>;
}

interface SecretColumn {
  readonly kind: string;
  readonly table: string;
  readonly key: string;
  readonly column: string;
  readonly context: (id: string) => string;
}

/** Where ciphertexts live. A table that stores a new kind of secret adds a line here. */
const secretColumns: readonly SecretColumn[] = [
  {
    kind: 'vsphere',
    table: 'vsphere_connections',
    key: 'name',
    column: 'password_ciphertext',
    context: (id) => `vsphere:${id}`,
  },
  {
    kind: 'webhook',
    table: 'webhook_subscriptions',
    key: 'id',
    column: 'secret_ciphertext',
    context: (id) => `webhook:${id}`,
  },
];

export function secretRepository(ctx: RepoContext): SecretRepository {
  const list = async (): Promise<StoredSecret[]> => {
    const out: StoredSecret[] = [];
    for (const c of secretColumns) {
      const rows = await sql<{ id: string; ciphertext: string }>`
        select ${sql.ref(c.key)} as id, ${sql.ref(c.column)} as ciphertext
        from ${sql.table(c.table)} order by ${sql.ref(c.key)}`.execute(ctx.db);
      for (const r of rows.rows) {
        out.push({ kind: c.kind, id: r.id, context: c.context(r.id), ciphertext: r.ciphertext });
      }
    }
    return out;
  };
  return {
    list,
    count: async () => (await list()).length,
    async replace(items) {
      for (const item of items) {
        const c = secretColumns.find((s) => s.kind === item.kind);
        if (!c) throw new Error(`unknown secret kind ${item.kind}`);
        await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${item.ciphertext}
          where ${sql.ref(c.key)} = ${item.id}`.execute(ctx.db);
      }
    },
  };
}
