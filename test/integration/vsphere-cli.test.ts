import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { startVcsim, VCSIM_PASSWORD, VCSIM_USER, type Vcsim } from '../peers/vcsim/vcsim.js';

// `patchline vsphere add|list|sync` and `patchline assets --json`, in-process, against vcsim.
describe('cli/commands/vsphere', () => {
  let sim: Vcsim;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-cli-vsphere-'));
    sim = await startVcsim({
      port: 18993,
      templates: ['DC0_H0_VM0'],
      guestId: 'debian12_64Guest',
      guestName: 'Debian GNU/Linux 12 (64-bit)',
    });
    process.env.PATCHLINE_DATABASE_URL = join(dir, 'patchline.db');
    process.env.PATCHLINE_SECRET_KEY = 'cd'.repeat(32);
    process.env.VC_PASS = VCSIM_PASSWORD;
  });
  afterAll(async () => {
    process.env = saved;
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = (...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    runCli(['vsphere', 'add', 'lab', '--url', sim.url, '--user', VCSIM_USER, ...extra]);

  it.each`
    case                    | args                                                                 | code | message
    ${'unset password var'} | ${['--password-env', 'NOPE_UNSET', '--thumbprint', 'AB'.repeat(32)]} | ${2} | ${'INPUT_INVALID'}
    ${'wrong thumbprint'}   | ${['--password-env', 'VC_PASS', '--thumbprint', 'AB'.repeat(32)]}    | ${1} | ${'TLS_UNTRUSTED'}
    ${'no trust for vcsim'} | ${['--password-env', 'VC_PASS']}                                     | ${1} | ${'TLS_UNTRUSTED'}
  `('refuses to add a connection with $case', async ({ args, code, message }) => {
    const r = await add(...args);

    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it('adds a connection trusting a CA file, never printing the password', async () => {
    const ca = join(dir, 'vcsim.pem');
    writeFileSync(ca, sim.certPem);

    const r = await add('--password-env', 'VC_PASS', '--ca', ca);
    const list = await runCli(['vsphere', 'list', '--json']);

    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout + list.stdout).not.toContain(VCSIM_PASSWORD);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'lab', tls: 'ca', lastSyncAt: null }),
    ]);
  });

  it('syncs and lists VMs and templates as assets', async () => {
    const sync = await runCli(['vsphere', 'sync', 'lab', '--json']);
    const assets = await runCli(['assets', '--json']);

    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toEqual([
      expect.objectContaining({ connection: 'lab', mode: 'full', vms: 3, templates: 1 }),
    ]);
    const rows = JSON.parse(assets.stdout) as {
      kind: string;
      name: string;
      platform: string;
      labels: Record<string, string>;
    }[];
    expect(rows.filter((a) => a.kind === 'image').map((a) => a.name)).toEqual([
      expect.stringMatching(/^DC0_H0_VM0@/),
    ]);
    expect(rows.find((a) => a.name === 'DC0_H0_VM1')).toMatchObject({
      kind: 'host',
      platform: 'debian:12',
      labels: { 'vsphere.folder': 'DC0/vm' },
    });
  });

  it('says which connection is missing', async () => {
    const r = await runCli(['vsphere', 'sync', 'prod']);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no vSphere connection named prod');
  });
});
