import type { Command } from 'commander';
import { rotateSecrets, secretsStatus } from '../../app/secrets.js';
import { secretKeyFile } from '../../app/vsphere/secrets.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson } from '../output.js';

/** Registers `patchline secrets status|rotate`; secret values are never printed. */
export function registerSecrets(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('secrets')
    .description('The key that encrypts stored credentials (vCenter passwords)');
  cmd
    .command('status')
    .description(
      'Where the key is and whether every stored secret decrypts with it (exit 1 if not)',
    )
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) => runStatus(flags, ctx));
  cmd
    .command('rotate')
    .description(
      'Re-encrypt every stored secret with a new key in one transaction, then replace the key file',
    )
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) => runRotate(flags, ctx));
}

async function runStatus(flags: { json?: boolean }, ctx: CliContext): Promise<void> {
  const keyFile = secretKeyFile(ctx.config);
  const s = await ctx.withStore((store) => secretsStatus(ctx.env, keyFile, store));
  if (flags.json) printJson(ctx.io, s);
  else {
    const where = s.source === 'file' ? s.keyFile : 'PATCHLINE_SECRET_KEY';
    ctx.io.out(
      `key: ${where}; ${s.stored} stored secret(s), ${s.stored - s.undecryptable.length} decrypt`,
    );
  }
  if (s.undecryptable.length > 0) {
    throw new AppError(
      ErrorCode.SecretKeyUnavailable,
      `this key cannot decrypt ${s.undecryptable.join(', ')}: restore the key they were stored with`,
    );
  }
}

async function runRotate(flags: { json?: boolean }, ctx: CliContext): Promise<void> {
  const keyFile = secretKeyFile(ctx.config);
  const r = await ctx.withStore((store) =>
    rotateSecrets(ctx.env, keyFile, store, { actor: ctx.actor }),
  );
  if (flags.json) printJson(ctx.io, { ...r, keyFile });
  else ctx.io.out(`re-encrypted ${r.rotated} secret(s); new key in ${keyFile}`);
}
