import { Option, type Command } from 'commander';
import { storedOrConfiguredPolicy } from '../../app/policy.js';
import {
  approveWaiver,
  listWaiverRequests,
  rejectWaiver,
  requestWaiver,
  revokeWaiver,
  waiverRequestStatuses,
  type WaiverRequestStatus,
  type WaiverRequestView,
  type WaiverTransition,
} from '../../app/policy-versions/index.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable, type Io } from '../output.js';

interface RequestFlags {
  readonly cve?: string;
  readonly advisory?: string;
  readonly package?: string;
  readonly asset: string[];
  readonly select: string[];
  readonly tier: string[];
  readonly image?: string;
  readonly reason: string;
  readonly control?: string;
  readonly expires: string;
  readonly policy?: string;
  readonly json?: boolean;
}

const repeat = (v: string, acc: string[]): string[] => [...acc, v];

/**
 * Registers `patchline waivers request|list|approve|reject|revoke`: waiver requests held in the
 * store. Approved ones join the policy's own waivers wherever findings are judged.
 */
export function registerWaivers(program: Command, ctx: CliContext): void {
  const waivers = program
    .command('waivers')
    .description('Request, approve, reject and revoke waivers held in the store');
  waivers
    .command('request')
    .description(
      'Ask for a waiver; it covers findings once the policy’s number of approvers (never you) approve it',
    )
    .option('--cve <id>', 'the CVE waived')
    .option('--advisory <id>', 'the advisory waived')
    .option('--package <name>', 'the package waived')
    .option('--asset <name>', 'an asset it covers (repeatable)', repeat, [])
    .option(
      '--select <key=value>',
      'assets with this label (repeatable: all must match)',
      repeat,
      [],
    )
    .option('--tier <tier>', 'only assets of this tier (repeatable)', repeat, [])
    .option('--image <name>', 'assets cloned from this image')
    .requiredOption('--reason <text>', 'why the finding cannot be fixed in time')
    .option('--control <text>', 'the compensating control in place')
    .requiredOption('--expires <date>', 'first day no longer covered, YYYY-MM-DD')
    .option(
      '--policy <path>',
      'policy whose tiers bound the expiry (default: PATCHLINE_POLICY, then the active stored version)',
    )
    .option('--json', 'print JSON for scripts')
    .action((flags: RequestFlags) =>
      ctx.withStore(async (store) => {
        const now = ctx.clock.now();
        const policy = await storedOrConfiguredPolicy(store, flags.policy, ctx.config, now);
        const r = await requestWaiver(store, {
          scope: scopeOf(flags),
          reason: flags.reason,
          ...(flags.control !== undefined && { compensatingControl: flags.control }),
          expires: flags.expires,
          requestedBy: ctx.principal,
          policy,
          now,
        });
        if (flags.json) printJson(ctx.io, r);
        else {
          ctx.io.out(
            `requested waiver ${r.id}; it needs ${r.requiredApprovals} approver${r.requiredApprovals === 1 ? '' : 's'} other than you`,
          );
        }
      }),
    );
  waivers
    .command('list')
    .description('List waiver requests with their state')
    .addOption(new Option('--state <state>', 'only this state').choices(waiverRequestStatuses))
    .option('--json', 'print JSON for scripts')
    .action((flags: { state?: WaiverRequestStatus; json?: boolean }) =>
      ctx.withStore(async (store) => {
        const list = await listWaiverRequests(store, {
          now: ctx.clock.now(),
          ...(flags.state !== undefined && { status: flags.state }),
        });
        if (flags.json) printJson(ctx.io, list);
        else printList(ctx.io, list);
      }),
    );
  waivers
    .command('approve')
    .description('Approve a waiver request (not your own)')
    .argument('<id>', 'request id, wr-3 or 3')
    .option('--json', 'print JSON for scripts')
    .action((id: string, flags: { json?: boolean }) =>
      ctx.withStore(async (store) =>
        report(ctx, flags, await approveWaiver(store, id, ctx.principal, ctx.clock.now())),
      ),
    );
  waivers
    .command('reject')
    .description('Reject a waiver request (not your own) with a reason')
    .argument('<id>', 'request id, wr-3 or 3')
    .requiredOption('--reason <text>', 'why, kept with the request and in the audit log')
    .option('--json', 'print JSON for scripts')
    .action((id: string, flags: { reason: string; json?: boolean }) =>
      ctx.withStore(async (store) =>
        report(
          ctx,
          flags,
          await rejectWaiver(store, id, ctx.principal, flags.reason, ctx.clock.now()),
        ),
      ),
    );
  waivers
    .command('revoke')
    .description('Revoke a requested or approved waiver; it stops covering findings at once')
    .argument('<id>', 'request id, wr-3 or 3')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON for scripts')
    .action((id: string, flags: { reason?: string; json?: boolean }) =>
      ctx.withStore(async (store) =>
        report(
          ctx,
          flags,
          await revokeWaiver(store, id, ctx.principal, ctx.clock.now(), flags.reason),
        ),
      ),
    );
}

function scopeOf(f: RequestFlags): Record<string, unknown> {
  const match: Record<string, string> = {};
  for (const s of f.select) {
    const eq = s.indexOf('=');
    if (eq < 1) throw new AppError(ErrorCode.InputInvalid, `--select ${s}: use key=value`);
    match[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return {
    ...(f.cve !== undefined && { cve: f.cve.toUpperCase() }),
    ...(f.advisory !== undefined && { advisory: f.advisory }),
    ...(f.package !== undefined && { package: f.package }),
    ...(f.asset.length > 0 && { assets: f.asset }),
    ...(f.select.length > 0 && { selector: { match } }),
    ...(f.tier.length > 0 && { tiers: f.tier }),
    ...(f.image !== undefined && { image: f.image }),
  };
}

function report(ctx: CliContext, flags: { json?: boolean }, t: WaiverTransition): void {
  if (flags.json) {
    printJson(ctx.io, t);
    return;
  }
  const r = t.request;
  if (!t.changed) {
    ctx.io.out(
      `you approved ${r.id} already; it has ${r.approvals.length} of ${r.requiredApprovals}`,
    );
    return;
  }
  const more = r.requiredApprovals - r.approvals.length;
  const tail =
    r.state === 'requested' && more > 0
      ? ` (needs ${more} more approver${more === 1 ? '' : 's'})`
      : '';
  ctx.io.out(`${r.id}: ${t.before} -> ${r.status}${tail}`);
}

function printList(io: Io, list: readonly WaiverRequestView[]): void {
  if (list.length === 0) {
    io.out('no waiver requests');
    return;
  }
  io.out(
    renderTable(
      ['id', 'status', 'scope', 'expires', 'requested by', 'approvals', 'reason'],
      list.map((r) => [
        r.id,
        r.status,
        scopeText(r.scope),
        r.expires,
        r.requestedBy,
        `${r.approvals.length}/${r.requiredApprovals}`,
        r.decisionReason ?? r.reason,
      ]),
    ),
  );
}

function scopeText(scope: Readonly<Record<string, unknown>>): string {
  return Object.entries(scope)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
