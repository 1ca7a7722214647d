import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const sample = fileURLToPath(
  new URL('../../../samples/estate/debian12-base.status', import.meta.url),
);

describe('patchline audit', () => {
  let dir: string;
  let env: Record<string, string>;
  let anchors: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-audit-cli-'));
    anchors = join(dir, 'anchors.jsonl');
    db = join(dir, 'patchline.db');
    env = { PATCHLINE_HOME: dir, PATCHLINE_AUDIT_ANCHOR: anchors, PATCHLINE_ACTOR: 'alice' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const importAs = (name: string) =>
    runCli(['import', 'inventory', sample, '--name', name, '--platform', 'debian:12'], { env });

  it('anchors every write, verifies, prints the head and reads the log', async () => {
    expect((await importAs('web-1')).code).toBe(0);
    expect((await importAs('web-2')).code).toBe(0);

    const lines = readFileSync(anchors, 'utf8').trim().split('\n');
    const head = await runCli(['audit', 'head', '--json'], { env });
    const verify = await runCli(['audit', 'verify'], { env });
    const log = await runCli(['audit', 'log', '--actor', 'cli:alice', '--limit', '1', '--json'], {
      env,
    });

    expect(lines).toHaveLength(2);
    const last = JSON.parse(lines[1]!) as { seq: number; count: number; hash: string };
    expect(JSON.parse(head.stdout)).toEqual({ head: { seq: last.seq, count: 2, hash: last.hash } });
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toMatch(/audit log ok: 2 events, head seq 2 .*matches the anchor/);
    const events = JSON.parse(log.stdout) as { seq: number; actor: string }[];
    expect(events.map((e) => [e.seq, e.actor])).toEqual([[2, 'cli:alice']]);
    expect(
      (await runCli(['audit', 'log', '--since', '2030-01-01T00:00:00Z'], { env })).stdout,
    ).toContain('no audit events match');
  });

  it('exits 1 naming the first missing seq when tail rows were deleted', async () => {
    for (const n of ['a', 'b', 'c']) expect((await importAs(n)).code).toBe(0);
    const raw = new BetterSqlite3(db);
    raw.exec('drop trigger audit_events_no_delete; delete from audit_events where seq >= 2');
    raw.close();

    const verify = await runCli(['audit', 'verify'], { env });
    const without = await runCli(['audit', 'verify'], {
      env: { ...env, PATCHLINE_AUDIT_ANCHOR: join(dir, 'none') },
    });

    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/AUDIT_BROKEN: audit log broken at seq 2: truncated/);
    expect(without.code).toBe(0);
    expect(without.stdout).toContain('no anchor in');
  });

  it('refuses an import onto a forged head and says where the log breaks', async () => {
    expect((await importAs('a')).code).toBe(0);
    const raw = new BetterSqlite3(db);
    const tail = raw.prepare('select hash from audit_events order by seq desc limit 1').get() as {
      hash: string;
    };
    raw
      .prepare(
        `insert into audit_events (at, actor, action, object, prev_hash, hash)
         values ('2026-11-27T00:00:00Z', 'mallory', 'x', 'o', ?, 'bad')`,
      )
      .run(tail.hash);
    raw.close();

    const next = await importAs('b');
    const verify = await runCli(['audit', 'verify', '--json'], { env });

    expect(next.code).toBe(1);
    expect(next.stderr).toContain('AUDIT_BROKEN');
    expect(next.stderr).toContain('seq 2');
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout.slice(0, verify.stdout.lastIndexOf('}') + 1))).toMatchObject({
      ok: false,
      brokenAt: 2,
    });
  });

  it('head --write needs an anchor file', async () => {
    const r = await runCli(['audit', 'head', '--write'], { env: { PATCHLINE_HOME: dir } });

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PATCHLINE_AUDIT_ANCHOR');
  });
});
