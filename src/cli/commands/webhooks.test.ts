import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

describe('patchline webhooks', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-webhooks-cli-'));
    env = { PATCHLINE_HOME: dir };
    seen.length = 0;
    server = createServer((req, res) => {
      seen.push(String(req.headers['webhook-signature']));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a webhook showing its secret once, pings it, lists and removes it', async () => {
    const add = await runCli(
      ['webhooks', 'add', url, '--events', 'sla.breached,feed.failed', '--min-severity', 'high'],
      { env },
    );
    const secret = /signing secret .*: (whsec_\S+)/.exec(add.stdout)?.[1];
    const id = /added webhook (\S+)/.exec(add.stdout)?.[1];
    const list = await runCli(['webhooks', 'list', '--json'], { env });
    const ping = await runCli(['webhooks', 'test', id!], { env });
    const status = await runCli(['secrets', 'status', '--json'], { env });
    const deliver = await runCli(['webhooks', 'deliver'], { env });
    const dead = await runCli(['webhooks', 'deliveries', '--dead'], { env });
    const remove = await runCli(['webhooks', 'remove', id!], { env });
    const again = await runCli(['webhooks', 'remove', id!], { env });

    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({
        id,
        url,
        eventTypes: ['io.patchline.sla.breached', 'io.patchline.feed.failed'],
        minSeverity: 'high',
      }),
    ]);
    expect(list.stdout + ping.stdout + status.stdout).not.toContain(secret!.slice(6));
    expect(ping.stdout).toMatch(/^ping delivered: HTTP 204 in \d+ ms/);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^v1,/);
    expect(JSON.parse(status.stdout)).toMatchObject({ stored: 1, undecryptable: [] });
    expect(deliver.stdout).toContain('0 attempted');
    expect(dead.stdout).toContain('no dead deliveries');
    expect(remove.stdout).toContain(`removed webhook ${id}`);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('NOT_FOUND');
  });

  it.each([
    ['ftp://hooks.example/x', 'must be http or https'],
    ['https://u:p@hooks.example/x', 'must not carry credentials'],
  ])('refuses %s', async (bad, message) => {
    const r = await runCli(['webhooks', 'add', bad], { env });

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
