import { InvalidArgumentError, type Command } from 'commander';
import { verifyAudit, writeAnchor } from '../../app/audit.js';
import { parseInstant } from '../../app/config.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { AuditCheck } from '../../app/open-store.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface LogFlags {
  readonly since?: string;
  readonly actor?: string;
  readonly object?: string;
  readonly limit: number;
  readonly json?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}

/** Registers `patchline audit verify|head|log`. */
export function registerAudit(program: Command, ctx: CliContext): void {
  const cmd = program.command('audit').description('Check and read the hash-chained audit log');
  cmd
    .command('verify')
    .description(
      'Recompute the chain and check it against the furthest anchor (exit 1 at the first break)',
    )
    .option('--anchor <file>', 'anchor file to check against (default: PATCHLINE_AUDIT_ANCHOR)')
    .option('--json', 'print JSON for scripts')
    .action((flags: { anchor?: string; json?: boolean }) => runVerify(flags, ctx));
  cmd
    .command('head')
    .description('Print the newest event and the count: what an anchor records')
    .option('--write', 'append the head to the anchor file')
    .option('--anchor <file>', 'anchor file for --write (default: PATCHLINE_AUDIT_ANCHOR)')
    .option('--json', 'print JSON for scripts')
    .action((flags: { write?: boolean; anchor?: string; json?: boolean }) => runHead(flags, ctx));
  cmd
    .command('log')
    .description('List audit events, newest first')
    .option('--since <time>', 'only events at or after this ISO 8601 instant')
    .option('--actor <actor>', 'only events by this actor (e.g. cli:alice)')
    .option('--object <object>', 'only events about this object (e.g. asset:ID)')
    .option('--limit <n>', 'at most this many events', positiveInt, 100)
    .option('--json', 'print JSON for scripts')
    .action((flags: LogFlags) => runLog(flags, ctx));
}

function anchorFile(flag: string | undefined, ctx: CliContext): string | undefined {
  return flag ?? ctx.config.auditAnchor;
}

async function runVerify(
  flags: { anchor?: string; json?: boolean },
  ctx: CliContext,
): Promise<void> {
  const file = anchorFile(flags.anchor, ctx);
  const result = await ctx.withStore((store) => verifyAudit(store, file));
  if (flags.json) printJson(ctx.io, { ...result, anchorFile: file ?? null });
  else if (result.ok) ctx.io.out(describeOk(result, file));
  if (!result.ok) {
    throw new AppError(
      ErrorCode.AuditBroken,
      `audit log broken at seq ${result.brokenAt}: ${result.problem} (${result.count} events verified before it)`,
      { details: { brokenAt: result.brokenAt, problem: result.problem } },
    );
  }
}

function describeOk(r: AuditCheck, file: string | undefined): string {
  const head = r.head ? `head seq ${r.head.seq} ${r.head.hash}` : 'empty log';
  const anchor = r.anchor
    ? `; matches the anchor of ${r.anchor.at} (seq ${r.anchor.seq}) in ${file}`
    : file === undefined
      ? '; no anchor file (set PATCHLINE_AUDIT_ANCHOR to detect a truncated log)'
      : `; no anchor in ${file} yet`;
  return `audit log ok: ${r.count} events, ${head}${anchor}`;
}

async function runHead(
  flags: { write?: boolean; anchor?: string; json?: boolean },
  ctx: CliContext,
): Promise<void> {
  const file = anchorFile(flags.anchor, ctx);
  if (flags.write && file === undefined) {
    throw new AppError(
      ErrorCode.InputInvalid,
      '--write needs an anchor file: give --anchor FILE or set PATCHLINE_AUDIT_ANCHOR',
    );
  }
  const head = await ctx.withStore((store) => store.audit.head());
  const written =
    flags.write && file !== undefined && head ? writeAnchor(file, head, ctx.clock) : undefined;
  if (flags.json) {
    printJson(ctx.io, { head: head ?? null, ...(written && { written: file }) });
    return;
  }
  ctx.io.out(
    head ? `seq ${head.seq} count ${head.count} hash ${head.hash}` : 'the audit log is empty',
  );
  if (written) ctx.io.out(`anchor appended to ${file}`);
}

async function runLog(flags: LogFlags, ctx: CliContext): Promise<void> {
  const since = flags.since === undefined ? undefined : parseInstant(flags.since, '--since');
  const events = await ctx.withStore((store) =>
    store.audit.list({
      limit: flags.limit,
      ...(since && { since: since.toISOString() }),
      ...(flags.actor !== undefined && { actor: flags.actor }),
      ...(flags.object !== undefined && { object: flags.object }),
    }),
  );
  if (flags.json) {
    printJson(ctx.io, events);
    return;
  }
  if (events.length === 0) {
    ctx.io.out('no audit events match');
    return;
  }
  ctx.io.out(
    renderTable(
      ['seq', 'at', 'actor', 'action', 'object', 'reason'],
      events.map((e) => [e.seq, e.at, e.actor, e.action, e.object, e.reason ?? '']),
    ),
  );
}
