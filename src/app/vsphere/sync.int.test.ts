import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVcsim,
  VCSIM_PASSWORD,
  VCSIM_USER,
  type Vcsim,
} from '../../../test/peers/vcsim/vcsim.js';
import { loadConfig } from '../config.js';
import { fixedClock } from '../../domain/clock.js';
import {
  asNumber,
  asObject,
  asString,
  cloneVm,
  connectTagging,
  connectVim,
  findByInventoryPath,
  findVmsByName,
  list,
  listCustomFields,
  powerOff,
  powerOn,
  retrieveOne,
  waitForTask,
  type MoRef,
  type VimClient,
} from '../../vsphere/index.js';
import { returnRef } from '../../vsphere/values.js';
import { listAssets, type AssetListing } from '../list-assets.js';
import {
  addConnection,
  openVsphereContext,
  syncConnections,
  type VsphereContext,
} from './connections.js';
import { LINEAGE_ATTRIBUTE, parseLineage } from './lineage.js';

// Discovery, lineage and removal against govmomi's simulator, through the real store (SQLite).
describe('app/vsphere/sync', () => {
  let sim: Vcsim;
  let vc: VimClient;
  let dir: string;
  const key = randomBytes(32);
  const clock = fixedClock('2026-11-27T12:00:00Z');
  let ctx: VsphereContext;
  let clone: MoRef;

  const open = (db = 'patchline.db'): Promise<VsphereContext> =>
    openVsphereContext(
      loadConfig(
        { PATCHLINE_HOME: dir, PATCHLINE_DATABASE_URL: join(dir, db) },
        { cwd: dir, user: 'test' },
      ),
      clock,
      key,
    );
  const assets = async (c: VsphereContext): Promise<Map<string, AssetListing>> =>
    new Map((await listAssets(c.store)).map((a) => [a.name, a]));
  const lineageAttr = async (vm: MoRef): Promise<string | undefined> => {
    const fields = await listCustomFields(vc);
    const k = fields.find((f) => f.name === LINEAGE_ATTRIBUTE)?.key;
    for (const v of list((await retrieveOne(vc, vm, ['customValue'])).get('customValue'))) {
      if (asNumber(asObject(v)?.key) === k) return asString(asObject(v)?.value);
    }
    return undefined;
  };

  const tag = async (vm: MoRef, category: string, names: readonly string[]): Promise<void> => {
    const t = await connectTagging({
      url: sim.url,
      username: VCSIM_USER,
      password: VCSIM_PASSWORD,
      tls: { kind: 'ca', ca: sim.certPem },
    });
    const spec = { name: category, description: '', cardinality: 'MULTIPLE', associable_types: [] };
    const cat = await t.call('POST', '/com/vmware/cis/tagging/category', { create_spec: spec });
    for (const name of names) {
      const id = await t.call('POST', '/com/vmware/cis/tagging/tag', {
        create_spec: { name, description: '', category_id: cat },
      });
      const object_id = { type: 'VirtualMachine', id: vm.value };
      await t.call(
        'POST',
        `/com/vmware/cis/tagging/tag-association/id:${String(id)}?~action=attach`,
        { object_id },
      );
    }
    await t.close();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-vsphere-'));
    sim = await startVcsim({
      port: 18992,
      templates: ['DC0_H0_VM0'],
      guestId: 'debian12_64Guest',
      guestName: 'Debian GNU/Linux 12 (64-bit)',
    });
    vc = await connectVim({
      url: sim.url,
      username: VCSIM_USER,
      password: VCSIM_PASSWORD,
      tls: { kind: 'thumbprint', sha256: sim.thumbprint },
    });
    ctx = await open();
  });
  afterAll(async () => {
    await ctx?.close();
    await vc?.close();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to store a connection whose password is wrong', async () => {
    const add = addConnection(ctx, {
      name: 'lab',
      url: sim.url,
      username: VCSIM_USER,
      password: 'nope',
      tls: { kind: 'thumbprint', sha256: sim.thumbprint },
    });

    await expect(add).rejects.toMatchObject({ code: 'VSPHERE_LOGIN_FAILED' });
    expect(await ctx.store.vsphere.listConnections()).toEqual([]);
  });

  it('stores a connection with the password encrypted', async () => {
    const conn = await addConnection(ctx, {
      name: 'lab',
      url: sim.url,
      username: VCSIM_USER,
      password: VCSIM_PASSWORD,
      tls: { kind: 'thumbprint', sha256: sim.thumbprint },
    });

    expect(conn.passwordCiphertext).toMatch(/^v1:/);
    expect(JSON.stringify(await ctx.store.vsphere.listConnections())).not.toContain(VCSIM_PASSWORD);
  });

  it('syncs VMs as hosts and templates as image versions, with lineage from a real clone event', async () => {
    const template = (await findVmsByName(vc, 'DC0_H0_VM0'))[0]!;
    const pool = (await findByInventoryPath(vc, 'DC0/host/DC0_H0/Resources'))!;
    clone = await cloneVm(vc, template, {
      folder: (await findByInventoryPath(vc, 'DC0/vm'))!,
      pool,
      name: 'web-1',
    });
    await tag(clone, 'app', ['shop', 'api']);

    const [report] = await syncConnections(ctx, 'lab');
    const all = await assets(ctx);

    expect(report).toMatchObject({
      mode: 'full',
      vms: 4,
      templates: 1,
      removed: 0,
      tags: 'synced',
      lineage: { fromEvents: 1, stamped: 1 },
    });
    const image = [...all.values()].find((a) => a.kind === 'image')!;
    expect(image.name).toMatch(/^DC0_H0_VM0@\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(image.platform).toBe('debian:12');
    const web = all.get('web-1')!;
    expect(web).toMatchObject({
      kind: 'host',
      clonedFrom: { id: image.id, name: image.name, template: 'DC0_H0_VM0', via: 'event' },
    });
    expect(web.labels).toMatchObject({
      'vsphere.connection': 'lab',
      'vsphere.folder': 'DC0/vm',
      'vsphere.pool': 'DC0_H0/Resources',
      'vsphere.moref': clone.value,
      'vsphere.tag.app': 'api,shop',
    });
    expect(all.get('DC0_H0_VM1')).toMatchObject({
      kind: 'host',
      platform: 'debian:12',
      clonedFrom: null,
    });
    expect(parseLineage(await lineageAttr(clone))).toMatchObject({
      template: 'DC0_H0_VM0',
      version: image.name.split('@')[1],
    });
  });

  it('resumes from the last event key and marks removed VMs', async () => {
    const gone = (await findVmsByName(vc, 'DC0_C0_RP0_VM1'))[0]!;
    await powerOff(vc, gone);
    await waitForTask(vc, returnRef(await vc.invoke('Destroy_Task', gone, [])));

    const [report] = await syncConnections(ctx, 'lab');

    expect(report).toMatchObject({
      mode: 'incremental',
      vms: 3,
      removed: 1,
      lineage: { fromEvents: 0, fromAttributes: 1, stamped: 0 },
    });
    expect(report!.events).toBeGreaterThan(0);
    expect((await assets(ctx)).get('DC0_C0_RP0_VM1')!.labels['vsphere.removed']).toBe(
      '2026-11-27T12:00:00.000Z',
    );
    expect((await assets(ctx)).get('web-1')!.clonedFrom?.name).toMatch(/^DC0_H0_VM0@/);
  });

  it('reads lineage back from the custom attribute after a Patchline restart, once the clone event has expired', async () => {
    await ctx.close();
    // vcsim keeps the newest 1000 events: 600 power cycles push the clone event out, as
    // event retention does on a real vCenter.
    const busy = (await findVmsByName(vc, 'DC0_H0_VM1'))[0]!;
    await powerOff(vc, busy).catch(() => undefined);
    for (let i = 0; i < 600; i++) {
      await powerOn(vc, busy);
      await powerOff(vc, busy);
    }
    ctx = await open('fresh.db');
    await addConnection(ctx, {
      name: 'lab',
      url: sim.url,
      username: VCSIM_USER,
      password: VCSIM_PASSWORD,
      tls: { kind: 'ca', ca: sim.certPem },
    });

    const [report] = await syncConnections(ctx, 'lab', { full: true });

    expect(report).toMatchObject({ mode: 'full', lineage: { fromEvents: 0, fromAttributes: 1 } });
    const web = (await assets(ctx)).get('web-1')!;
    expect(web.clonedFrom?.name).toMatch(/^DC0_H0_VM0@/);
  });
});
