import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  feedsEnv,
  fixtures,
  publishFeeds,
} from '../../src/advisories/fetch/testing/feeds-mirror.js';
import { startMirror, type Mirror } from '../../src/advisories/fetch/testing/mirror.js';
import { runCli } from '../cli.js';

/** A batch that stored all but what it reports exits 1 (PARTIAL), as README says. */
describe('feeds sync / import advisories with a broken OSV record', () => {
  let home: string;
  let mirror: Mirror;

  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'patchline-partial-'));
    mirror = await startMirror();
    publishFeeds(mirror);
  });
  afterEach(async () => {
    await mirror.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('import advisories reports it and exits 1 with PARTIAL', async () => {
    copyFileSync(join(fixtures, 'Debian-all-damaged-entry.zip'), join(home, 'Debian-all.zip'));

    const r = await runCli(['import', 'advisories', join(home, 'Debian-all.zip'), '--json'], {
      env: { PATCHLINE_HOME: home },
    });

    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      status: 'partial',
      failedDocuments: 1,
    });
    expect(r.stderr).toContain('PARTIAL');
  });

  it('feeds sync says ok: false and exits 1', async () => {
    const damaged = readFileSync(join(fixtures, 'Debian-all-damaged-entry.zip'));
    mirror.routes.get('/osv/Debian/all.zip')!.body = new Uint8Array(damaged);

    const r = await runCli(['feeds', 'sync', 'osv', '--json'], {
      env: { PATCHLINE_HOME: home, ...feedsEnv(mirror) },
    });

    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { code: 'PARTIAL' },
      result: [{ source: 'osv', ok: false, status: 'partial' }],
    });
  });
});
