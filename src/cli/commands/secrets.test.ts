import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { encryptSecret, readKeyFile } from '../../app/vsphere/secrets.js';

describe('patchline secrets', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-secrets-cli-'));
    env = { PATCHLINE_HOME: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rotates without printing a secret; refuses an open key file and a lost key', async () => {
    expect((await runCli(['secrets', 'status'], { env })).stdout).toContain('0 stored secret(s)');
    const keyFile = join(dir, 'secret.key');
    const raw = new BetterSqlite3(join(dir, 'patchline.db'));
    raw
      .prepare(
        `insert into vsphere_connections (name, url, username, password_ciphertext, tls, created_at)
         values ('lab', 'https://vc', 'admin', ?, '{"kind":"system"}', '2026-11-27T00:00:00Z')`,
      )
      .run(encryptSecret(readKeyFile(keyFile), 'hunter2-secret', 'vsphere:lab'));
    raw.close();

    const rotate = await runCli(['secrets', 'rotate'], { env });
    const status = await runCli(['secrets', 'status', '--json'], { env });

    expect(rotate).toMatchObject({ code: 0, stderr: '' });
    expect(rotate.stdout).toContain('re-encrypted 1 secret(s)');
    expect(JSON.parse(status.stdout)).toMatchObject({ stored: 1, undecryptable: [] });
    expect(rotate.stdout + status.stdout).not.toContain('hunter2');

    chmodSync(keyFile, 0o644);
    const open = await runCli(['secrets', 'status'], { env });
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(`chmod 600 ${keyFile}`);

    rmSync(keyFile);
    const lost = await runCli(['secrets', 'status'], { env });
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/SECRET_KEY_UNAVAILABLE: .*holds 1 encrypted secret/);
  });
});
