import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { loadConfig } from '../config.js';
import { addConnection, clientOptions, openVsphereContext } from './connections.js';

describe('app/vsphere/connections', () => {
  const clock = fixedClock('2026-11-27T12:00:00Z');
  const config = loadConfig(
    { PATCHLINE_HOME: '/nonexistent', PATCHLINE_DATABASE_URL: ':memory:' },
    { cwd: '/', user: 'test' },
  );

  it('keeps connections in the store itself, so an in-memory store holds them too', async () => {
    const ctx = await openVsphereContext(config, clock, randomBytes(32));
    try {
      await addConnection(ctx, {
        name: 'lab',
        url: 'https://vc.example/sdk',
        username: 'admin',
        password: 'pa55-word',
        tls: { kind: 'system' },
        check: false,
      });

      const [stored] = await ctx.store.vsphere.listConnections();
      expect(stored).toMatchObject({ name: 'lab', createdAt: '2026-11-27T12:00:00.000Z' });
      expect(JSON.stringify(stored)).not.toContain('pa55-word');
      expect(clientOptions(ctx, stored!).password).toBe('pa55-word');
      expect((await ctx.store.audit.list())[0]).toMatchObject({
        action: 'vsphere.connection.add',
        object: 'vsphere:lab',
      });
    } finally {
      await ctx.close();
    }
  });

  it.each(['', 'has space', '-leading', 'x'.repeat(65)])('refuses the name %j', async (name) => {
    const ctx = await openVsphereContext(config, clock, randomBytes(32));
    try {
      const add = addConnection(ctx, {
        name,
        url: 'https://vc.example/sdk',
        username: 'admin',
        password: 'p',
        tls: { kind: 'system' },
        check: false,
      });

      await expect(add).rejects.toMatchObject({ code: 'INPUT_INVALID' });
      expect(await ctx.store.vsphere.listConnections()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
