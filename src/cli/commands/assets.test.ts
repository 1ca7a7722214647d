import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { sampleEstateDir } from '../../app/estate.js';
import { openStore, type AuditEvent } from '../../store/index.js';
import { runCli } from '../../../test/cli.js';

let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-assets-'));
  env = {
    PATCHLINE_HOME: dir,
    PATCHLINE_DATABASE_URL: join(dir, 'p.db'),
    PATCHLINE_ACTOR: 'tester',
  };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cli = (argv: readonly string[], at = '2026-11-27T12:00:00Z') =>
  runCli(argv, { env, clock: fixedClock(at) });

async function names(args: readonly string[] = []): Promise<string[]> {
  const out = await cli(['assets', ...args, '--json']);
  expect(out.code).toBe(0);
  return (JSON.parse(out.stdout) as { name: string }[]).map((a) => a.name);
}

/** The audit log, newest first, read straight from the store. */
async function audit(): Promise<AuditEvent[]> {
  const store = await openStore(env.PATCHLINE_DATABASE_URL!, fixedClock('2026-11-27T12:00:00Z'));
  try {
    expect(await store.audit.verify()).toMatchObject({ ok: true });
    return [...(await store.audit.list())];
  } finally {
    await store.close();
  }
}

describe('cli/commands/assets', () => {
  beforeEach(async () => {
    expect((await cli(['import', 'estate', sampleEstateDir])).code).toBe(0);
  });

  it('lists with the bare command and with `assets list`, of one kind', async () => {
    const bare = await names(['--kind', 'image']);

    expect(bare).toEqual(['debian12-base@2026.11.1', 'ubuntu2404-base@2026.11.1']);
    expect(await cli(['assets', 'list', '--kind', 'image', '--json'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('ubuntu2404-base@2026.11.1'),
    });
    expect((await cli(['assets'])).stdout).toContain('web-01');
  });

  it('retires an asset out of the listing and evaluation, audited, and --all shows when', async () => {
    const before = await cli(['evaluate', '--json']);

    const out = await cli(
      ['assets', 'retire', 'web-01', '--reason', 'decommissioned'],
      '2026-11-28T08:00:00Z',
    );

    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toContain('retired host web-01 at 2026-11-28T08:00:00.000Z');
    expect(await names()).not.toContain('web-01');
    const all = JSON.parse((await cli(['assets', '--all', '--json'])).stdout) as {
      name: string;
      retiredAt?: string;
      retiredReason?: string;
    }[];
    expect(all.find((a) => a.name === 'web-01')).toMatchObject({
      retiredAt: '2026-11-28T08:00:00.000Z',
      retiredReason: 'decommissioned',
    });
    expect(all.find((a) => a.name === 'web-02')).not.toHaveProperty('retiredAt');
    expect((await cli(['assets', '--all'])).stdout).toMatch(/web-01 .*2026-11-28T08:00:00\.000Z/);
    const evaluated = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as { assets: { asset: string }[] }).assets.map((a) => a.asset);
    expect(evaluated(before)).toContain('web-01');
    expect(evaluated(await cli(['evaluate', '--json']))).toEqual(
      evaluated(before).filter((n) => n !== 'web-01'),
    );
    expect((await audit())[0]).toMatchObject({
      action: 'asset.retire',
      reason: 'decommissioned',
      details: { name: 'web-01', kind: 'host' },
    });
  });

  it('says when an asset is retired already, and audits nothing more', async () => {
    await cli(['assets', 'retire', 'web-01']);
    const events = (await audit()).length;

    const again = await cli(['assets', 'retire', 'web-01'], '2026-11-29T00:00:00Z');

    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already retired (since 2026-11-27T12:00:00.000Z)');
    expect(await audit()).toHaveLength(events);
  });

  it('notes live clones when retiring an image version', async () => {
    const out = await cli(['assets', 'retire', 'debian12-base@2026.11.1']);

    expect(out.code).toBe(0);
    expect(out.stderr).toContain('2 live clone(s) still point at debian12-base@2026.11.1');
  });

  it('makes a retired asset live again when it is imported again, and says so', async () => {
    await cli(['assets', 'retire', 'db-01', '--reason', 'moved']);

    const again = await cli([
      'import',
      'inventory',
      join(sampleEstateDir, 'ubi9-base.rpm-qa.json'),
      '--name',
      'db-01',
      '--platform',
      'almalinux:9',
    ]);

    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no longer retired (retired 2026-11-27T12:00:00.000Z)');
    expect(await names()).toContain('db-01');
    expect((await audit())[0]).toMatchObject({
      action: 'inventory.import',
      details: { unretired: { at: '2026-11-27T12:00:00.000Z', reason: 'moved' } },
    });
  });

  it('says so in the estate import table too', async () => {
    await cli(['assets', 'retire', 'web-02']);

    const again = await cli(['import', 'estate', sampleEstateDir]);

    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /web-02 .*no longer retired \(retired 2026-11-27T12:00:00\.000Z\)/,
    );
  });

  it('deletes a host with its inventory, audited', async () => {
    const out = await cli(['assets', 'delete', 'db-01', '--reason', 'sold']);

    expect(out.code).toBe(0);
    expect(out.stdout).toContain('deleted host db-01 with 1 inventory');
    expect(await names(['--all'])).not.toContain('db-01');
    expect((await audit())[0]).toMatchObject({
      action: 'asset.delete',
      reason: 'sold',
      details: { name: 'db-01', inventories: 1, forced: false },
    });
  });

  it('refuses to delete an image version with live clones unless --force', async () => {
    const refused = await cli(['assets', 'delete', 'debian12-base@2026.11.1']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'error CONFLICT: record debian12-base@2026.11.1: debian12-base@2026.11.1 is the image version of 2 live clones: retire or delete them first, or pass --force',
    );
    expect(await names()).toContain('debian12-base@2026.11.1');

    const forced = await cli(['assets', 'delete', 'debian12-base@2026.11.1', '--force']);

    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('2 clone(s) no longer name it as their image version');
    const web = JSON.parse((await cli(['assets', '--json'])).stdout) as {
      name: string;
      clonedFrom: unknown;
      packageCount: number;
    }[];
    expect(web.find((a) => a.name === 'web-01')).toMatchObject({ clonedFrom: null });
    expect(web.find((a) => a.name === 'web-01')?.packageCount).toBeGreaterThan(0);
    expect((await cli(['evaluate', '--json'])).code).toBe(0);
  });

  it.each([
    ['retire', 'nope'],
    ['delete', 'nope'],
  ])('%s of an unknown name exits 2', async (verb, name) => {
    const out = await cli(['assets', verb, name]);

    expect(out.code).toBe(2);
    expect(out.stderr).toContain('error NOT_FOUND: record nope: no asset named nope');
  });
});
