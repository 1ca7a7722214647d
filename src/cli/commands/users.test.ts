import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const pw = 'correct horse battery staple';

describe('patchline users and tokens', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-users-cli-'));
    env = { PATCHLINE_HOME: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds users from a stdin password, changes and disables them, never printing a secret', async () => {
    const add = await runCli(
      ['users', 'add', 'Alice', '--role', 'operator', '--scope', 'env=prod'],
      {
        env,
        stdin: `${pw}\n`,
      },
    );
    const taken = await runCli(['users', 'add', 'alice', '--role', 'viewer'], { env, stdin: pw });
    const weak = await runCli(['users', 'add', 'bob', '--role', 'viewer'], {
      env,
      stdin: 'short\n',
    });
    const badRole = await runCli(['users', 'add', 'bob', '--role', 'root'], { env, stdin: pw });
    const setRole = await runCli(['users', 'set-role', 'alice', 'viewer', '--scope', '*'], { env });
    const disable = await runCli(['users', 'disable', 'ALICE', '--reason', 'left'], { env });
    const list = await runCli(['users', 'list', '--json'], { env });
    const table = await runCli(['users', 'list'], { env });
    const audit = await runCli(['audit', 'log', '--json'], { env });

    expect(add).toMatchObject({ code: 0, stdout: 'added user Alice (operator, scope env=prod)\n' });
    expect(taken).toMatchObject({ code: 2 });
    expect(taken.stderr).toContain('CONFLICT');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 12 characters');
    expect(badRole.code).toBe(2);
    expect(setRole.stdout).toContain('Alice is now viewer (scope *); 0 token(s) revoked');
    expect(disable.stdout).toContain('disabled Alice');
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({
        name: 'Alice',
        role: 'viewer',
        disabledAt: '2026-11-27T12:00:00.000Z',
      }),
    ]);
    expect(table.stdout).toMatch(/Alice +│ viewer +│ \* /);
    expect(audit.stdout).toContain('user.create');
    for (const out of [add, list, table, audit, setRole, disable]) {
      expect(out.stdout + out.stderr).not.toContain(pw);
      expect(out.stdout + out.stderr).not.toContain('scrypt');
    }
  });

  it('creates a token shown once, lists it without the secret, refuses one wider than its owner, revokes it', async () => {
    await runCli(['users', 'add', 'ci-bot', '--role', 'operator'], { env, stdin: pw });

    const wide = await runCli(
      ['tokens', 'create', '--user', 'ci-bot', '--name', 'x', '--role', 'admin'],
      { env },
    );
    const long = await runCli(
      ['tokens', 'create', '--user', 'ci-bot', '--name', 'x', '--expires', '400d'],
      { env },
    );
    const made = await runCli(
      [
        'tokens',
        'create',
        '--user',
        'ci-bot',
        '--name',
        'deploy',
        '--role',
        'viewer',
        '--expires',
        '30d',
        '--scope',
        'env=test',
      ],
      { env },
    );
    const secret = made.stdout.split('\n')[1]!;
    const id = secret.slice(4, 20);
    const list = await runCli(['tokens', 'list'], { env });
    const listJson = await runCli(['tokens', 'list', '--user', 'ci-bot', '--json'], { env });
    const revoke = await runCli(['tokens', 'revoke', id], { env });
    const again = await runCli(['tokens', 'revoke', id], { env });
    const unknown = await runCli(['tokens', 'revoke', 'ffffffffffffffff'], { env });
    const audit = await runCli(['audit', 'log', '--json'], { env });

    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('FORBIDDEN');
    expect(long.code).toBe(2);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(
      `created token ${id} (deploy) for ci-bot: viewer, scope env=test, expires 2026-12-27T12:00:00.000Z`,
    );
    expect(secret).toMatch(/^plt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toContain('shown once');
    expect(list.stdout).toMatch(new RegExp(`${id} │ deploy │ ci-bot │ viewer │ env=test`));
    expect(JSON.parse(listJson.stdout)).toEqual([expect.objectContaining({ id, state: 'active' })]);
    expect(revoke.stdout).toContain(`revoked token ${id}`);
    expect(again.stdout).toContain('revoked already');
    expect(unknown.code).toBe(2);
    for (const out of [list, listJson, revoke, audit]) {
      expect(out.stdout).not.toContain(secret.slice(21));
    }
  });

  it('reads the password for set-password from stdin only', async () => {
    await runCli(['users', 'add', 'dana', '--role', 'viewer'], { env, stdin: pw });

    const empty = await runCli(['users', 'set-password', 'dana', '--password-stdin'], {
      env,
      stdin: '',
    });
    const ok = await runCli(['users', 'set-password', 'dana'], {
      env,
      stdin: 'another long passphrase\r\n',
    });

    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no password on stdin');
    expect(ok).toMatchObject({
      code: 0,
      stdout: 'password of dana set; their web sessions ended\n',
    });
  });
});
