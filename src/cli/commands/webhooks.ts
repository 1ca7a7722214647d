import { InvalidArgumentError, type Command } from 'commander';
import {
  createWebhook,
  deliverDue,
  listDeliveries,
  listWebhooks,
  pingWebhook,
  redeliver,
  removeWebhook,
  webhookSecrets,
  type WebhookSecrets,
} from '../../app/notify/index.js';
import type { Store } from '../../app/open-store.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { loadKeyForStore } from '../../app/secrets.js';
import { secretKeyFile } from '../../app/vsphere/secrets.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface AddFlags {
  readonly events?: string;
  readonly minSeverity?: string;
  readonly tiers?: string;
  readonly json?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}

const list = (text: string | undefined): string[] | undefined =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Registers `patchline webhooks add|list|remove|test|deliveries|redeliver|deliver`. */
export function registerWebhooks(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('webhooks')
    .description('Signed CloudEvents webhooks: subscriptions, deliveries, dead letters');
  cmd
    .command('add')
    .description('Subscribe a URL; prints its signing secret once (stored encrypted)')
    .argument('<url>', 'http(s) endpoint, without credentials')
    .option('--events <types>', 'comma-separated event types, e.g. sla.breached,feed.failed')
    .option('--min-severity <severity>', 'only findings at or above this severity')
    .option('--tiers <tiers>', 'comma-separated policy tiers')
    .option('--json', 'print JSON for scripts')
    .action((url: string, flags: AddFlags) => runAdd(ctx, url, flags));
  cmd
    .command('list')
    .description('List subscriptions (never their secrets)')
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) => runList(ctx, flags.json === true));
  cmd
    .command('remove')
    .description('Delete a subscription and its deliveries')
    .argument('<id>', 'subscription id')
    .action(async (id: string) => {
      await ctx.withStore((store) => removeWebhook(store, id, ctx.actor));
      ctx.io.out(`removed webhook ${id}`);
    });
  cmd
    .command('test')
    .description('Send a signed ping event to a subscription now (not queued)')
    .argument('<id>', 'subscription id')
    .option('--json', 'print JSON for scripts')
    .action((id: string, flags: { json?: boolean }) => runTest(ctx, id, flags.json === true));
  cmd
    .command('deliveries')
    .description('List deliveries, newest first')
    .option('--dead', 'only dead letters')
    .option('--pending', 'only those still to be sent')
    .option('--limit <n>', 'at most this many', positiveInt, 50)
    .option('--json', 'print JSON for scripts')
    .action((flags: { dead?: boolean; pending?: boolean; limit: number; json?: boolean }) =>
      runDeliveries(ctx, flags),
    );
  cmd
    .command('redeliver')
    .description('Queue a dead or delivered delivery again (audited)')
    .argument('<id>', 'delivery id')
    .action(async (id: string) => {
      const d = await ctx.withStore((store) =>
        redeliver(store, id, { clock: ctx.clock, actor: ctx.actor }),
      );
      ctx.io.out(`queued delivery ${d.id} (${d.eventType}) again`);
    });
  cmd
    .command('deliver')
    .description('Send the deliveries that are due, once (for cron and testing)')
    .option('--limit <n>', 'at most this many deliveries', positiveInt, 50)
    .option('--json', 'print JSON for scripts')
    .action((flags: { limit: number; json?: boolean }) => runDeliver(ctx, flags));
}

async function withSecrets<T>(
  ctx: CliContext,
  fn: (store: Store, secrets: WebhookSecrets) => Promise<T>,
): Promise<T> {
  return ctx.withStore(async (store) => {
    const key = await loadKeyForStore(ctx.env, secretKeyFile(ctx.config), store);
    return fn(store, webhookSecrets(key));
  });
}

async function runAdd(ctx: CliContext, url: string, flags: AddFlags): Promise<void> {
  const events = list(flags.events);
  const tiers = list(flags.tiers);
  const created = await withSecrets(ctx, (store, secrets) =>
    createWebhook(store, secrets, {
      url,
      actor: ctx.actor,
      ...(events && { events }),
      ...(tiers && { tiers }),
      ...(flags.minSeverity !== undefined && { minSeverity: flags.minSeverity }),
    }),
  );
  if (flags.json) {
    printJson(ctx.io, created);
    return;
  }
  const s = created.subscription;
  ctx.io.out(`added webhook ${s.id} -> ${s.url}`);
  ctx.io.out(`signing secret (shown once, keep it now): ${created.secret}`);
}

async function runList(ctx: CliContext, json: boolean): Promise<void> {
  const subs = await ctx.withStore((store) => listWebhooks(store));
  if (json) {
    printJson(ctx.io, subs);
    return;
  }
  if (subs.length === 0) {
    ctx.io.out('no webhooks: patchline webhooks add URL [--events a,b] [--min-severity high]');
    return;
  }
  ctx.io.out(
    renderTable(
      ['id', 'url', 'events', 'min severity', 'tiers', 'enabled', 'created by'],
      subs.map((s) => [
        s.id,
        s.url,
        s.eventTypes?.map((t) => t.replace(/^io\.patchline\./, '')).join(',') ?? 'all',
        s.minSeverity ?? '-',
        s.tiers?.join(',') ?? 'all',
        s.enabled ? 'yes' : 'no',
        s.createdBy,
      ]),
    ),
  );
}

async function runTest(ctx: CliContext, id: string, json: boolean): Promise<void> {
  const r = await withSecrets(ctx, (store, secrets) =>
    pingWebhook(store, { clock: ctx.clock, fetch: (u, i) => fetch(u, i), secrets }, id),
  );
  if (json) printJson(ctx.io, r);
  else if (r.ok) ctx.io.out(`ping delivered: HTTP ${r.statusCode} in ${r.durationMs} ms`);
  if (!r.ok) {
    throw new AppError(ErrorCode.ExternalHost, `ping to webhook ${id} failed: ${r.error}`, {
      details: { statusCode: r.statusCode, durationMs: r.durationMs },
    });
  }
}

async function runDeliveries(
  ctx: CliContext,
  flags: { dead?: boolean; pending?: boolean; limit: number; json?: boolean },
): Promise<void> {
  const status = flags.dead ? 'dead' : flags.pending ? 'pending' : undefined;
  const rows = await ctx.withStore((store) =>
    listDeliveries(store, { limit: flags.limit, ...(status && { status }) }),
  );
  if (flags.json) {
    printJson(
      ctx.io,
      rows.map(({ body: _body, ...d }) => d),
    );
    return;
  }
  if (rows.length === 0) {
    ctx.io.out(status === undefined ? 'no deliveries' : `no ${status} deliveries`);
    return;
  }
  ctx.io.out(
    renderTable(
      ['id', 'subscription', 'event', 'status', 'attempts', 'next', 'last', 'last error'],
      rows.map((d) => [
        d.id,
        d.subscriptionId,
        d.eventType.replace(/^io\.patchline\./, ''),
        d.status,
        String(d.totalAttempts),
        d.nextAttemptAt ?? '-',
        d.lastStatusCode === null ? (d.lastAttemptAt ?? '-') : `HTTP ${d.lastStatusCode}`,
        d.lastError ?? '',
      ]),
    ),
  );
}

async function runDeliver(
  ctx: CliContext,
  flags: { limit: number; json?: boolean },
): Promise<void> {
  const r = await withSecrets(ctx, (store, secrets) =>
    deliverDue(store, { clock: ctx.clock, fetch: (u, i) => fetch(u, i), secrets }, flags.limit),
  );
  if (flags.json) printJson(ctx.io, r);
  else {
    ctx.io.out(
      `${r.attempted} attempted: ${r.delivered} delivered, ${r.retrying} to retry, ${r.dead} dead`,
    );
  }
}
