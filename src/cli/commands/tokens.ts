import type { Command } from 'commander';
import {
  createToken,
  formatScope,
  listTokens,
  parseScope,
  parseTokenLifetime,
  revokeToken,
} from '../../app/identity/index.js';
import { roles, type Role } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface CreateFlags {
  readonly user: string;
  readonly name: string;
  readonly role?: string;
  readonly expires: string;
  readonly scope?: string;
  readonly json?: boolean;
}

/** Registers `patchline tokens create|list|revoke`; a token's secret is printed once, at creation. */
export function registerTokens(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('tokens')
    .description('API tokens: a role and scope no wider than their owner, an expiry, revocation');
  cmd
    .command('create')
    .description('Create an API token and print its secret once (only its hash is kept)')
    .requiredOption('--user <name>', 'owner')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci-deploy')
    .option('--role <role>', `${roles.join('|')}; at most the owner's (default: the owner's)`)
    .option('--expires <duration>', 'lifetime, e.g. 30d, 12h, 2w; at most 365d', '90d')
    .option('--scope <labels>', "only assets with these labels; within the owner's scope")
    .option('--json', 'print JSON for scripts')
    .action((flags: CreateFlags) => runCreate(flags, ctx));
  cmd
    .command('list')
    .description('List tokens with their owner, role, scope, expiry and state (never a secret)')
    .option('--user <name>', "only this user's")
    .option('--json', 'print JSON for scripts')
    .action((flags: { user?: string; json?: boolean }) => runList(flags, ctx));
  cmd
    .command('revoke')
    .description('Revoke a token: it stops working at once')
    .argument('<id>', 'token id (as listed; the part after plt_)')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON for scripts')
    .action((id: string, flags: { reason?: string; json?: boolean }) => runRevoke(id, flags, ctx));
}

function checkRole(role: string | undefined): Role | undefined {
  if (role === undefined || (roles as readonly string[]).includes(role)) return role as Role;
  throw new AppError(
    ErrorCode.InputInvalid,
    `unknown role ${role}: expected one of ${roles.join(', ')}`,
  );
}

async function runCreate(flags: CreateFlags, ctx: CliContext): Promise<void> {
  const role = checkRole(flags.role);
  const scope = flags.scope === undefined ? undefined : parseScope(flags.scope);
  const lifetimeMs = parseTokenLifetime(flags.expires);
  const made = await ctx.withStore((store) =>
    createToken(store, ctx.clock, {
      user: flags.user,
      name: flags.name,
      ...(role && { role }),
      ...(scope && { scope }),
      lifetimeMs,
      actor: ctx.actor,
    }),
  );
  if (flags.json) {
    printJson(ctx.io, { ...made.token, secret: made.secret });
    return;
  }
  const t = made.token;
  ctx.io.out(
    `created token ${t.id} (${t.name}) for ${t.userName}: ${t.role}, scope ${formatScope(t.scope)}, expires ${t.expiresAt}`,
  );
  ctx.io.out(made.secret);
  ctx.io.err('the secret above is shown once; send it as "Authorization: Bearer <secret>"');
}

async function runList(flags: { user?: string; json?: boolean }, ctx: CliContext): Promise<void> {
  const tokens = await ctx.withStore((store) =>
    listTokens(store, ctx.clock, flags.user === undefined ? {} : { user: flags.user }),
  );
  if (flags.json) {
    printJson(ctx.io, tokens);
    return;
  }
  if (tokens.length === 0) {
    ctx.io.out('no tokens: patchline tokens create --user NAME --name WHAT');
    return;
  }
  ctx.io.out(
    renderTable(
      ['id', 'name', 'user', 'role', 'scope', 'expires', 'last used', 'state'],
      tokens.map((t) => [
        t.id,
        t.name,
        t.userName,
        t.role,
        formatScope(t.scope),
        t.expiresAt,
        t.lastUsedAt ?? '',
        t.state,
      ]),
    ),
  );
}

async function runRevoke(
  id: string,
  flags: { reason?: string; json?: boolean },
  ctx: CliContext,
): Promise<void> {
  const r = await ctx.withStore((store) =>
    revokeToken(store, ctx.clock, {
      id,
      actor: ctx.actor,
      ...(flags.reason !== undefined && { reason: flags.reason }),
    }),
  );
  if (flags.json) printJson(ctx.io, r);
  else if (r.changed) {
    ctx.io.out(`revoked token ${r.token.id} (${r.token.name}) of ${r.token.userName}`);
  } else ctx.io.out(`token ${r.token.id} was revoked already`);
}
