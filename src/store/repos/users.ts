import type { Selectable } from 'kysely';
import type { Role } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { canonicalJson } from '../canonical-json.js';
import type { UsersTable } from '../schema.js';
import type { RepoContext } from './context.js';

/** A label selector as stored: keys and values are strings; absent means the whole estate. */
export type Scope = Readonly<Record<string, string>>;

/** A user as the store keeps it, hash included; the app never hands the hash out. */
export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly scope: Scope | null;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly disabledAt: string | null;
}

export interface UserInput {
  readonly name: string;
  readonly role: Role;
  readonly scope: Scope | null;
  readonly passwordHash: string;
}

/** What `update` may change; absent fields keep their value. */
export interface UserPatch {
  readonly role?: Role;
  readonly scope?: Scope | null;
  readonly passwordHash?: string;
  readonly disabledAt?: string | null;
}

/** Users (migration `0009-identity`); names are unique whatever their case. */
export interface UserRepository {
  /** Throws CONFLICT when the name, in any case, is taken. */
  create(input: UserInput): Promise<UserRecord>;
  get(id: string): Promise<UserRecord | undefined>;
  /** By name, whatever its case. */
  findByName(name: string): Promise<UserRecord | undefined>;
  /** Every user, disabled ones too, by name. */
  list(): Promise<UserRecord[]>;
  count(): Promise<number>;
  /** Throws NOT_FOUND for an unknown id. */
  update(id: string, patch: UserPatch): Promise<UserRecord>;
}

/** The key names are unique by. Names are ASCII (`app/identity/users.ts`), so this is exact. */
export const nameKey = (name: string): string => name.toLowerCase();

export function scopeText(scope: Scope | null): string | null {
  return scope === null ? null : canonicalJson(scope);
}

export function scopeOf(text: string | null): Scope | null {
  return text === null ? null : (JSON.parse(text) as Scope);
}

/** Whether a driver error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

function toUser(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    name: r.name,
    role: r.role as Role,
    scope: scopeOf(r.scope),
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    disabledAt: r.disabled_at,
  };
}

export function userRepository(ctx: RepoContext): UserRepository {
  const { db } = ctx;
  const get = async (id: string): Promise<UserRecord | undefined> => {
    const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  };
  const findByName = async (name: string): Promise<UserRecord | undefined> => {
    const r = await db
      .selectFrom('users')
      .selectAll()
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst();
    return r && toUser(r);
  };
  return {
    async create(input) {
      const taken = await findByName(input.name);
      if (taken) throw nameTaken(input.name, taken.name);
      const at = ctx.clock.now().toISOString();
      const row = {
        id: ctx.newId(),
        name: input.name,
        name_key: nameKey(input.name),
        role: input.role,
        scope: scopeText(input.scope),
        password_hash: input.passwordHash,
        created_at: at,
        updated_at: at,
        disabled_at: null,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (e) {
        // Another transaction took the name between the check and the insert.
        if (isUniqueViolation(e)) throw nameTaken(input.name, input.name);
        throw e;
      }
      return toUser(row);
    },
    get,
    findByName,
    async list() {
      return (await db.selectFrom('users').selectAll().orderBy('name_key').execute()).map(toUser);
    },
    async count() {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async update(id, patch) {
      const set = {
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.scope !== undefined && { scope: scopeText(patch.scope) }),
        ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
        ...(patch.disabledAt !== undefined && { disabled_at: patch.disabledAt }),
        updated_at: ctx.clock.now().toISOString(),
      };
      const r = await db.updateTable('users').set(set).where('id', '=', id).executeTakeFirst();
      const user = Number(r.numUpdatedRows) > 0 ? await get(id) : undefined;
      if (!user) throw new AppError(ErrorCode.NotFound, `no user with id ${id}`);
      return user;
    },
  };
}

function nameTaken(name: string, holder: string): AppError {
  return new AppError(
    ErrorCode.Conflict,
    `user name ${name} is taken${holder === name ? '' : ` (by ${holder}: names are unique whatever their case)`}`,
    { location: { record: name } },
  );
}
