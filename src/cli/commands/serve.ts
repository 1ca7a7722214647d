import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/**
 * Registers `patchline serve`: the control plane as a service (HTTP API, in-process worker,
 * scheduler) until SIGTERM or SIGINT, which drain it and exit 0.
 */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description(
      'Run the service: the HTTP API on PATCHLINE_LISTEN (127.0.0.1:8420), the worker and the scheduler',
    )
    .option('--no-sample', 'do not load the sample estate, feeds and policy into an empty store')
    .option('--no-scheduler', 'do not fire schedules in this process')
    .option('--quiet', 'no JSON request log on stdout')
    .action(async (flags: { sample: boolean; scheduler: boolean; quiet?: boolean }) => {
      const { startServer } = await import('../../api/start.js');
      const server = await startServer({
        config: ctx.config,
        clock: ctx.clock,
        env: ctx.env,
        version: ctx.version,
        sample: flags.sample,
        scheduler: flags.scheduler,
        logger: flags.quiet !== true,
      });
      const { first } = server;
      ctx.io.err(`patchline ${ctx.version} serving ${server.url} (store ${ctx.config.home})`);
      if (first.sampleLoaded) ctx.io.err('first start: loaded the sample estate, feeds and policy');
      if (first.admin) {
        ctx.io.err(
          `first start: created user "${first.admin.name}". Its one-time login token (valid until ${first.admin.expiresAt}, shown only now):\n\n  ${first.admin.token}\n\ntry: curl -H "Authorization: Bearer ${first.admin.token}" ${server.url}/api/v1/assets`,
        );
      }
      ctx.io.err(`OpenAPI: ${server.url}/api/openapi.json  health: ${server.url}/healthz`);
      await new Promise<void>((resolve) => {
        ctx.onShutdown(resolve);
      });
      ctx.io.err('stopping: draining requests and jobs');
      await server.close();
      ctx.io.err('stopped');
    });
}
