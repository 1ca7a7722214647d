import { Option, type Command } from 'commander';
import { cancelJob, listJobs, runWorker, showJob } from '../../app/jobs/use-cases.js';
import { jobStates, type JobRecord } from '../../app/jobs/contract.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface ListFlags {
  readonly state?: string;
  readonly kind?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

/** Registers `patchline jobs list|show|cancel` and `patchline worker`. */
export function registerJobs(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('jobs')
    .description('Background jobs (syncs, evaluations, snapshots): list, show, cancel');
  cmd
    .command('list')
    .description('List jobs, newest first')
    .addOption(new Option('--state <state>', 'only jobs in this state').choices(jobStates))
    .option('--kind <kind>', 'only jobs of this kind, e.g. feeds.sync')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON for scripts')
    .action((flags: ListFlags) => runList(flags, ctx));
  cmd
    .command('show')
    .description('One job with its payload, result and last error')
    .argument('<id>', 'job id')
    .option('--json', 'print JSON for scripts')
    .action((id: string, flags: { json?: boolean }) => runShow(id, flags, ctx));
  cmd
    .command('cancel')
    .description('Cancel a queued job (it never starts) or a running one (its attempt is aborted)')
    .argument('<id>', 'job id')
    .option('--json', 'print JSON for scripts')
    .action((id: string, flags: { json?: boolean }) => runCancel(id, flags, ctx));
  program
    .command('worker')
    .description(
      'Run one job worker with the scheduler until SIGINT/SIGTERM (PostgreSQL; with SQLite the server runs its own)',
    )
    .option('--concurrency <n>', 'jobs run at once', '2')
    .option('--no-scheduler', 'run jobs only; fire no schedules')
    .action((flags: { concurrency: string; scheduler: boolean }) => runWorkerCommand(flags, ctx));
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError(ErrorCode.InputInvalid, `${flag} ${text} is not a positive whole number`);
  }
  return n;
}

async function runList(flags: ListFlags, ctx: CliContext): Promise<void> {
  const limit = positive(flags.limit ?? '50', '--limit');
  const jobs = await ctx.withStore((store) =>
    listJobs(store, {
      ...(flags.state !== undefined && { state: flags.state }),
      ...(flags.kind !== undefined && { kind: flags.kind }),
      limit,
    }),
  );
  if (flags.json) {
    printJson(ctx.io, jobs);
    return;
  }
  if (jobs.length === 0) {
    ctx.io.out('no jobs');
    return;
  }
  ctx.io.out(
    renderTable(
      ['id', 'kind', 'state', 'attempts', 'created', 'finished', 'last error'],
      jobs.map((j) => [
        j.id,
        j.kind,
        j.state,
        `${j.attempts}/${j.maxAttempts}`,
        j.createdAt,
        j.finishedAt ?? '',
        j.lastError ?? '',
      ]),
    ),
  );
}

function describe(j: JobRecord): string {
  const lines = [
    `job ${j.id}: ${j.kind}, ${j.state} (attempt ${j.attempts} of ${j.maxAttempts})`,
    `requested by ${j.requestedBy} at ${j.createdAt}; runs at ${j.runAt}`,
  ];
  if (j.key !== null) lines.push(`key: ${j.key}`);
  if (j.startedAt !== null) lines.push(`started: ${j.startedAt}`);
  if (j.finishedAt !== null) lines.push(`finished: ${j.finishedAt}`);
  if (j.lastError !== null) lines.push(`last error: ${j.lastError}`);
  lines.push(`payload: ${JSON.stringify(j.payload)}`);
  if (j.result !== null) lines.push(`result: ${JSON.stringify(j.result)}`);
  return lines.join('\n');
}

async function runShow(id: string, flags: { json?: boolean }, ctx: CliContext): Promise<void> {
  const job = await ctx.withStore((store) => showJob(store, id));
  if (flags.json) printJson(ctx.io, job);
  else ctx.io.out(describe(job));
}

async function runCancel(id: string, flags: { json?: boolean }, ctx: CliContext): Promise<void> {
  const job = await ctx.withStore((store) =>
    cancelJob(store, ctx.config, ctx.clock, id, ctx.actor),
  );
  if (flags.json) printJson(ctx.io, job);
  else if (job.state === 'cancelled') ctx.io.out(`job ${job.id} (${job.kind}) is cancelled`);
  else ctx.io.out(`job ${job.id} (${job.kind}) had already ended: ${job.state}`);
}

async function runWorkerCommand(
  flags: { concurrency: string; scheduler: boolean },
  ctx: CliContext,
): Promise<void> {
  const concurrency = positive(flags.concurrency, '--concurrency');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await ctx.withStore((store) =>
      runWorker({
        store,
        config: { ...ctx.config, jobConcurrency: concurrency },
        clock: ctx.clock,
        env: ctx.env,
        signal: stop.signal,
        ...(!flags.scheduler && { schedules: [] }),
        onStarted: (id) => ctx.io.err(`worker ${id} started (concurrency ${concurrency})`),
        onFired: (f) => ctx.io.err(`schedule ${f.schedule} fired for ${f.tick}: job ${f.jobId}`),
      }),
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
