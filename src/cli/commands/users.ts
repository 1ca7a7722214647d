import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Argument, Option, type Command } from 'commander';
import {
  createUser,
  disableUser,
  formatScope,
  listUsers,
  minPasswordLength,
  parseScope,
  setAccess,
  setPassword,
  type User,
} from '../../app/identity/index.js';
import { roles, type Role } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface PasswordFlags {
  readonly passwordStdin?: boolean;
  readonly json?: boolean;
}

const roleOption = (flags: string, what: string): Option => new Option(flags, what).choices(roles);

/**
 * Registers `patchline users add|list|set-role|set-password|disable`. Passwords are read from
 * stdin (first line) or a silent prompt, never from argv, and never printed.
 */
export function registerUsers(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('users')
    .description('People who may use the API and web UI: roles, scopes, passwords');
  cmd
    .command('add')
    .description(
      `Add a user; the password (at least ${minPasswordLength} characters) is read from stdin or prompted for`,
    )
    .argument('<name>', 'login name (letters, digits, . _ @ -; unique whatever its case)')
    .addOption(roleOption('--role <role>', 'what the user may do').makeOptionMandatory())
    .option('--scope <labels>', 'only assets with these labels, e.g. env=prod,team=web')
    .option('--password-stdin', 'read the password from stdin even on a terminal')
    .option('--json', 'print JSON for scripts')
    .action((name: string, flags: PasswordFlags & { role: Role; scope?: string }) =>
      runAdd(name, flags, ctx),
    );
  cmd
    .command('list')
    .description('List users with their role, scope and state (never a password hash)')
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) => runList(flags, ctx));
  cmd
    .command('set-role')
    .description(
      "Change a user's role (and with --scope their scope); their tokens that would now reach further are revoked",
    )
    .argument('<name>', 'user name')
    .addArgument(new Argument('<role>', 'the new role').choices(roles as string[]))
    .option('--scope <labels>', "the new scope, e.g. env=prod; '*' for the whole estate")
    .option('--json', 'print JSON for scripts')
    .action((name: string, role: Role, flags: { scope?: string; json?: boolean }) =>
      runSetRole(name, role, flags, ctx),
    );
  cmd
    .command('set-password')
    .description("Set a user's password from stdin or a prompt; ends their web sessions")
    .argument('<name>', 'user name')
    .option('--password-stdin', 'read the password from stdin even on a terminal')
    .action((name: string, flags: PasswordFlags) => runSetPassword(name, flags, ctx));
  cmd
    .command('disable')
    .description('Disable a user: their tokens are revoked and sessions ended')
    .argument('<name>', 'user name')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON for scripts')
    .action((name: string, flags: { reason?: string; json?: boolean }) =>
      runDisable(name, flags, ctx),
    );
}

/** `'*'` or absent: the whole estate. */
function scopeFlag(text: string | undefined): Record<string, string> | null | undefined {
  if (text === undefined) return undefined;
  return text.trim() === '*' ? null : parseScope(text);
}

async function runAdd(
  name: string,
  flags: PasswordFlags & { role: Role; scope?: string },
  ctx: CliContext,
): Promise<void> {
  const scope = scopeFlag(flags.scope) ?? undefined;
  const password = await readPassword(ctx, flags, `password for ${name}: `);
  const user = await ctx.withStore((store) =>
    createUser(store, {
      name,
      role: flags.role,
      ...(scope && { scope }),
      password,
      actor: ctx.actor,
    }),
  );
  if (flags.json) printJson(ctx.io, user);
  else ctx.io.out(`added user ${user.name} (${user.role}, scope ${formatScope(user.scope)})`);
}

async function runList(flags: { json?: boolean }, ctx: CliContext): Promise<void> {
  const users = await ctx.withStore((store) => listUsers(store));
  if (flags.json) {
    printJson(ctx.io, users);
    return;
  }
  if (users.length === 0) {
    ctx.io.out('no users: patchline users add NAME --role admin');
    return;
  }
  ctx.io.out(
    renderTable(
      ['name', 'role', 'scope', 'created', 'disabled'],
      users.map((u: User) => [
        u.name,
        u.role,
        formatScope(u.scope),
        u.createdAt,
        u.disabledAt ?? '',
      ]),
    ),
  );
}

async function runSetRole(
  name: string,
  role: Role,
  flags: { scope?: string; json?: boolean },
  ctx: CliContext,
): Promise<void> {
  const scope = scopeFlag(flags.scope);
  const r = await ctx.withStore((store) =>
    setAccess(store, ctx.clock, {
      name,
      role,
      ...(scope !== undefined && { scope }),
      actor: ctx.actor,
    }),
  );
  if (flags.json) {
    printJson(ctx.io, r);
    return;
  }
  const u = r.user;
  ctx.io.out(
    r.changed
      ? `${u.name} is now ${u.role} (scope ${formatScope(u.scope)}); ${r.revokedTokens.length} token(s) revoked`
      : `${u.name} is ${u.role} (scope ${formatScope(u.scope)}) already; nothing changed`,
  );
}

async function runSetPassword(name: string, flags: PasswordFlags, ctx: CliContext): Promise<void> {
  const password = await readPassword(ctx, flags, `new password for ${name}: `);
  const u = await ctx.withStore((store) =>
    setPassword(store, ctx.clock, { name, password, actor: ctx.actor }),
  );
  ctx.io.out(`password of ${u.name} set; their web sessions ended`);
}

async function runDisable(
  name: string,
  flags: { reason?: string; json?: boolean },
  ctx: CliContext,
): Promise<void> {
  const r = await ctx.withStore((store) =>
    disableUser(store, ctx.clock, {
      name,
      actor: ctx.actor,
      ...(flags.reason !== undefined && { reason: flags.reason }),
    }),
  );
  if (flags.json) printJson(ctx.io, r);
  else if (!r.changed) ctx.io.out(`${r.user.name} was disabled already`);
  else {
    ctx.io.out(
      `disabled ${r.user.name}: ${r.revokedTokens} token(s) revoked, ${r.endedSessions} session(s) ended`,
    );
  }
}

/**
 * The first line of stdin (the test's, or the process's when piped or with `--password-stdin`),
 * or what is typed at a silent prompt on a terminal.
 */
async function readPassword(
  ctx: CliContext,
  flags: PasswordFlags,
  question: string,
): Promise<string> {
  let text: string;
  if (ctx.io.readStdin) text = await ctx.io.readStdin();
  else if (flags.passwordStdin || !process.stdin.isTTY) text = readFileSync(0, 'utf8');
  else text = await prompt(question);
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') {
    throw new AppError(
      ErrorCode.InputInvalid,
      'no password on stdin: pipe it in, e.g. from a password manager',
    );
  }
  return line;
}

function prompt(question: string): Promise<string> {
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
