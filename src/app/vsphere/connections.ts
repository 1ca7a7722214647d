import type { Clock } from '../../domain/clock.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Store, VsphereConnection } from '../../store/index.js';
import {
  connectTagging,
  connectVim,
  normalizeThumbprint,
  type TlsTrust,
  type VimClient,
  type VimClientOptions,
} from '../../vsphere/index.js';
import type { AppConfig } from '../config.js';
import { openAppStore } from '../open-store.js';
import { decryptSecret, encryptSecret } from './secrets.js';
import { syncVsphere, type SyncReport } from './sync.js';

/** The store (which holds the vSphere tables too), the clock and the secret key. */
export interface VsphereContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Encrypts and decrypts stored passwords (`secrets.ts`). */
  readonly key: Buffer;
  close(): Promise<void>;
}

export async function openVsphereContext(
  config: AppConfig,
  clock: Clock,
  key: Buffer,
): Promise<VsphereContext> {
  const store = await openAppStore(config, clock);
  return { store, clock, key, close: () => store.close() };
}

export interface AddConnectionInput {
  readonly name: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly tls: TlsTrust;
  /** Log in once before saving, so a wrong password or certificate fails now. @default true */
  readonly check?: boolean;
}

/** Stores a connection with its password encrypted (AES-256-GCM, bound to the name). */
export async function addConnection(
  ctx: VsphereContext,
  input: AddConnectionInput,
): Promise<VsphereConnection> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(input.name)) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `connection name must be 1-64 letters, digits, '.', '_' or '-': ${input.name}`,
    );
  }
  const tls: TlsTrust =
    input.tls.kind === 'thumbprint'
      ? { kind: 'thumbprint', sha256: normalizeThumbprint(input.tls.sha256) }
      : input.tls;
  if (input.check ?? true) {
    const client = await connectVim({
      url: input.url,
      username: input.username,
      password: input.password,
      tls,
    });
    await client.close();
  }
  const conn: VsphereConnection = {
    name: input.name,
    url: input.url,
    username: input.username,
    passwordCiphertext: encryptSecret(ctx.key, input.password, `vsphere:${input.name}`),
    tls,
    createdAt: ctx.clock.now().toISOString(),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.vsphere.saveConnection(conn);
    await tx.audit.append({
      actor: 'patchline',
      action: 'vsphere.connection.add',
      object: `vsphere:${input.name}`,
      details: { url: input.url, username: input.username, tls: tls.kind },
    });
  });
  return conn;
}

/** Client options for a stored connection, the password decrypted in memory only. */
export function clientOptions(ctx: VsphereContext, c: VsphereConnection): VimClientOptions {
  return {
    url: c.url,
    username: c.username,
    password: decryptSecret(ctx.key, c.passwordCiphertext, `vsphere:${c.name}`),
    tls: c.tls,
  };
}

/** Syncs the named connection, or every stored one in name order. */
export async function syncConnections(
  ctx: VsphereContext,
  name: string | undefined,
  opts: { readonly full?: boolean; readonly signal?: AbortSignal } = {},
): Promise<SyncReport[]> {
  const conns =
    name === undefined
      ? await ctx.store.vsphere.listConnections()
      : [await ctx.store.vsphere.getConnection(name)];
  if (conns.length === 0) {
    throw new AppError(
      ErrorCode.NotFound,
      'no vSphere connection; add one with `patchline vsphere add`',
    );
  }
  const reports: SyncReport[] = [];
  for (const c of conns) {
    if (!c) throw new AppError(ErrorCode.NotFound, `no vSphere connection named ${name}`);
    const options = clientOptions(ctx, c);
    const client: VimClient = await connectVim(options, opts);
    const tagging = await connectTagging(options, opts).catch((e: unknown) => {
      // Tags are optional (ESXi and some proxies have no /rest); credentials and TLS are not.
      if (e instanceof AppError && e.code === ErrorCode.ExternalHost) return undefined;
      throw e;
    });
    try {
      const deps = { client, store: ctx.store, clock: ctx.clock };
      reports.push(await syncVsphere(c.name, tagging ? { ...deps, tagging } : deps, opts));
    } finally {
      await tagging?.close();
      await client.close();
    }
  }
  return reports;
}
