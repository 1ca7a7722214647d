import type { Command } from 'commander';
import { redactUrl, settings } from '../../app/config.js';
import { secretKeyFile } from '../../app/vsphere/secrets.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

/** Registers `patchline config`: the settings in force, so a user can see which store is used. */
export function registerConfig(program: Command, ctx: CliContext): void {
  program
    .command('config')
    .description('Show the settings in force: the store, its key file, the policy and the clock')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `\nEnvironment variables:\n${settings.map((s) => `  ${s.env.padEnd(38)}${s.description}`).join('\n')}`,
    )
    .action((flags: { json?: boolean }) => {
      const c = ctx.config;
      const shown = {
        home: c.home,
        database: redactUrl(c.databaseUrl),
        secretKey: ctx.env.PATCHLINE_SECRET_KEY ? 'PATCHLINE_SECRET_KEY' : secretKeyFile(c),
        policy: c.policy ?? null,
        actor: c.actor,
        now: ctx.clock.now().toISOString(),
        clockPinned: c.now !== undefined,
      };
      if (flags.json) {
        printJson(ctx.io, shown);
        return;
      }
      ctx.io.out(
        renderTable(
          ['setting', 'value'],
          [
            ['home', shown.home],
            ['database', shown.database],
            ['secret key', shown.secretKey],
            ['policy', shown.policy ?? '(none: give --policy or set PATCHLINE_POLICY)'],
            ['actor', shown.actor],
            ['now', `${shown.now}${shown.clockPinned ? ' (PATCHLINE_NOW)' : ''}`],
          ],
        ),
      );
    });
}
