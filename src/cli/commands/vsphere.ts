import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import {
  addConnection,
  openVsphereContext,
  syncConnections,
  type VsphereContext,
} from '../../app/vsphere/connections.js';
import { loadKeyForStore } from '../../app/secrets.js';
import { secretKeyFile } from '../../app/vsphere/secrets.js';
import type { SyncReport } from '../../app/vsphere/sync.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable, type Io } from '../output.js';

interface AddFlags {
  readonly url: string;
  readonly user: string;
  readonly passwordEnv?: string;
  readonly ca?: string;
  readonly thumbprint?: string;
  readonly check: boolean;
}

/** Registers `patchline vsphere add|list|sync`. */
export function registerVsphere(program: Command, cli: CliContext): void {
  const { io } = cli;
  const cmd = program
    .command('vsphere')
    .description('VMware vCenter connections and inventory sync');
  cmd
    .command('add')
    .description(
      'Store a vCenter connection (password encrypted at rest, never on the command line)',
    )
    .argument('<name>', 'connection name')
    .requiredOption('--url <url>', 'vCenter SDK URL, e.g. https://vcenter.example/sdk')
    .requiredOption('--user <user>', 'user name')
    .option(
      '--password-env <var>',
      'read the password from this environment variable (else prompt)',
    )
    .option('--ca <file>', 'PEM CA bundle that signs the vCenter certificate')
    .option(
      '--thumbprint <sha256>',
      'pinned SHA-256 fingerprint of a self-signed vCenter certificate',
    )
    .option('--no-check', 'store without logging in first')
    .action((name: string, flags: AddFlags) =>
      withContext(cli, (ctx) => runAdd(ctx, name, flags, cli)),
    );
  cmd
    .command('list')
    .description('List stored connections and when each last synced')
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) =>
      withContext(cli, (ctx) => runList(ctx, flags.json === true, io)),
    );
  cmd
    .command('sync')
    .description('Upsert VMs as hosts and templates as image versions, with lineage')
    .argument('[name]', 'connection to sync (default: all)')
    .option('--full', 'read all retained events instead of resuming after the last one')
    .option('--json', 'print JSON for scripts')
    .action((name: string | undefined, flags: { full?: boolean; json?: boolean }) =>
      withContext(cli, async (ctx) => {
        const reports = await syncConnections(ctx, name, { full: flags.full === true });
        if (flags.json) printJson(io, reports);
        else for (const r of reports) io.out(renderReport(r));
      }),
    );
}

async function withContext(
  cli: CliContext,
  fn: (ctx: VsphereContext) => Promise<void>,
): Promise<void> {
  const keyFile = secretKeyFile(cli.config);
  const key = await cli.withStore((store) => loadKeyForStore(cli.env, keyFile, store));
  const ctx = await openVsphereContext(cli.config, cli.clock, key);
  try {
    await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function runAdd(
  ctx: VsphereContext,
  name: string,
  flags: AddFlags,
  cli: CliContext,
): Promise<void> {
  const { io } = cli;
  if (flags.ca && flags.thumbprint) {
    throw new AppError(ErrorCode.InputInvalid, 'give either --ca or --thumbprint, not both');
  }
  const tls = flags.ca
    ? ({ kind: 'ca', ca: readCa(flags.ca) } as const)
    : flags.thumbprint
      ? ({ kind: 'thumbprint', sha256: flags.thumbprint } as const)
      : ({ kind: 'system' } as const);
  const password = flags.passwordEnv
    ? fromEnv(cli, flags.passwordEnv)
    : await prompt(`password for ${flags.user}: `);
  const conn = await addConnection(ctx, {
    name,
    url: flags.url,
    username: flags.user,
    password,
    tls,
    check: flags.check,
  });
  io.out(`stored vSphere connection ${conn.name} (${conn.url}, ${conn.tls.kind} trust)`);
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError(ErrorCode.InputInvalid, `cannot read CA bundle ${file}`, {
      cause: e,
      location: { file },
    });
  }
}

function fromEnv(cli: CliContext, name: string): string {
  const v = cli.env[name];
  if (v === undefined || v === '') {
    throw new AppError(ErrorCode.InputInvalid, `environment variable ${name} is not set`, {
      location: { record: name },
    });
  }
  return v;
}

/** Reads a password from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(
      new AppError(
        ErrorCode.InputInvalid,
        'no terminal to prompt for the password: use --password-env VAR',
      ),
    );
  }
  process.stderr.write(question);
  const silent = new Writable({ write: (_c, _e, cb) => cb() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    }),
  );
}

async function runList(ctx: VsphereContext, json: boolean, io: Io): Promise<void> {
  const rows = [];
  for (const c of await ctx.store.vsphere.listConnections()) {
    const s = await ctx.store.vsphere.getSyncState(c.name);
    rows.push({
      name: c.name,
      url: c.url,
      username: c.username,
      tls: c.tls.kind,
      lastSyncAt: s?.lastSyncAt ?? null,
      lastEventKey: s?.lastEventKey ?? null,
    });
  }
  if (json) {
    printJson(io, rows);
    return;
  }
  if (rows.length === 0) {
    io.out(
      'no vSphere connections: patchline vsphere add NAME --url URL --user USER --password-env VAR',
    );
    return;
  }
  io.out(
    renderTable(
      ['name', 'url', 'user', 'trust', 'last sync', 'last event'],
      rows.map((r) => [r.name, r.url, r.username, r.tls, r.lastSyncAt, r.lastEventKey]),
    ),
  );
}

function renderReport(r: SyncReport): string {
  const l = r.lineage;
  return `${r.connection}: ${r.mode} sync, ${r.vms} VMs, ${r.templates} templates, ${r.removed} removed, ${r.events} events; lineage ${l.fromEvents} from events, ${l.fromAttributes} from attributes, ${l.stamped} stamped`;
}
