import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { CloudEventJson, cloudEventsMediaType, newEvent } from './cloudevent.js';
import { deliverDue, listDeadLetters, redeliver, type DeliverDeps } from './deliver.js';
import { EventType } from './event-types.js';
import { deliverJob } from './jobs.js';
import { emit } from './outbox.js';
import { webhookSecrets } from './secrets.js';
import { verifyWebhook } from './signing.js';
import { createWebhook, listWebhooks, pingWebhook, removeWebhook } from './subscriptions.js';

/** What the receiver does with the next request; `ok` once the script runs out. */
type Act = 'ok' | '500' | 'hang' | 'close' | 'redirect' | 'big';

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly verified: boolean;
}

/** A real HTTP receiver on loopback that verifies every signature it is sent. */
class Receiver {
  readonly received: Received[] = [];
  script: Act[] = [];
  secret = '';
  private server: Server | undefined;
  private readonly clock: FixedClock;

  constructor(clock: FixedClock) {
    this.clock = clock;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const v = verifyWebhook(this.secret, req.headers, body, { now: this.clock.now() });
      this.received.push({ path: req.url ?? '', headers: req.headers, body, verified: v.ok });
      const act = this.script.shift() ?? 'ok';
      if (act === 'hang') return;
      if (act === 'close') {
        req.socket.destroy();
        return;
      }
      if (act === 'redirect') {
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      if (act === 'big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(Buffer.alloc(1 << 20, 'x'));
        return;
      }
      res.writeHead(act === '500' ? 500 : 204).end();
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const t0 = '2026-12-07T10:00:00.000Z';

describe('app/notify/deliver (loopback receiver)', () => {
  let dir: string;
  let clock: FixedClock;
  let store: Store;
  let receiver: Receiver;
  let url: string;
  let deps: DeliverDeps;
  const secrets = webhookSecrets(randomBytes(32));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-notify-'));
    clock = fixedClock(t0);
    store = await openStore(join(dir, 'test.db'), clock);
    receiver = new Receiver(clock);
    url = await receiver.start();
    deps = { clock, fetch: (u, i) => fetch(u, i), secrets, timeoutMs: 400, random: () => 0.5 };
  });
  afterEach(async () => {
    await receiver.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function subscribe(over: { events?: string[]; minSeverity?: string } = {}) {
    const created = await createWebhook(store, secrets, { url, actor: 'test', ...over });
    receiver.secret = created.secret;
    return created;
  }

  async function emitBreach(severity = 'high'): Promise<number> {
    const event = newEvent(clock, {
      type: EventType.SlaBreached,
      subject: 'asset/web-01',
      data: { asset: 'web-01', advisory: 'DSA-1', package: 'openssl', severity, tier: 'prod' },
    });
    return store.transaction((tx) => emit(tx, event));
  }

  it('retries through a 500, a timeout and a dropped connection, then delivers', async () => {
    await subscribe();
    await emitBreach();
    receiver.script = ['500', 'hang', 'close', 'ok'];

    const steps = [];
    for (const wait of [0, 30_000, 120_000, 600_000]) {
      clock.advance(wait);
      steps.push(await deliverDue(store, deps));
    }
    clock.advance(3_600_000);
    const after = await deliverDue(store, deps);

    expect(steps.map((s) => [s.attempted, s.delivered, s.retrying])).toEqual([
      [1, 0, 1],
      [1, 0, 1],
      [1, 0, 1],
      [1, 1, 0],
    ]);
    expect(after.attempted).toBe(0);
    const [d] = await store.webhooks.deliveries();
    expect(d).toMatchObject({
      status: 'delivered',
      attempts: 4,
      deliveredAt: '2026-12-07T10:12:30.000Z',
    });
    const attempts = await store.webhooks.attempts(d!.id);
    expect(attempts.map((a) => [a.statusCode, a.error?.replace(/:.*/, '') ?? null])).toEqual([
      [500, 'HTTP 500'],
      [null, 'timed out after 400 ms'],
      [null, 'fetch failed'],
      [204, null],
    ]);
    expect(attempts.map((a) => a.at)).toEqual([
      '2026-12-07T10:00:00.000Z',
      '2026-12-07T10:00:30.000Z',
      '2026-12-07T10:02:30.000Z',
      '2026-12-07T10:12:30.000Z',
    ]);
    expect(attempts[1]!.durationMs).toBeGreaterThanOrEqual(300);
    expect(receiver.received.map((r) => r.verified)).toEqual([true, true, true, true]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([d!.id]),
    );
    const last = receiver.received[3]!;
    expect(last.headers['content-type']).toBe(cloudEventsMediaType);
    const event = CloudEventJson.parse(JSON.parse(last.body));
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'io.patchline.sla.breached',
      source: '/patchline',
      subject: 'asset/web-01',
      time: t0,
      datacontenttype: 'application/json',
      data: { asset: 'web-01', severity: 'high' },
    });
  });

  it('dead-letters after eight failures, and delivers once redelivered', async () => {
    await subscribe();
    await emitBreach();
    receiver.script = Array<Act>(8).fill('500');

    const waits = [0, 30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000];
    const outcomes = [];
    for (const wait of waits) {
      clock.advance(wait);
      const r = await deliverDue(store, deps);
      outcomes.push(r.dead > 0 ? 'dead' : r.retrying > 0 ? 'retry' : 'none');
    }
    const dead = await listDeadLetters(store);
    clock.advance(86_400_000);
    const idle = await deliverDue(store, deps);
    const requeued = await redeliver(store, dead[0]!.id, { clock, actor: 'cli:bob' });
    const again = await deliverDue(store, deps);

    expect(outcomes).toEqual([...Array<string>(7).fill('retry'), 'dead']);
    expect(dead.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual([['dead', 8, 500]]);
    expect(idle.attempted).toBe(0);
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, totalAttempts: 8 });
    expect(again).toMatchObject({ attempted: 1, delivered: 1 });
    expect(await store.webhooks.attempts(dead[0]!.id)).toHaveLength(9);
    expect(receiver.received).toHaveLength(9);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const [audit] = await store.audit.list({ limit: 1 });
    expect(audit).toMatchObject({
      actor: 'cli:bob',
      action: 'webhooks.redeliver',
      object: `webhook-delivery:${dead[0]!.id}`,
    });
    await expect(redeliver(store, 'nope', { clock, actor: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('starts nothing once aborted, and a lapsed lease makes the claimed rows due again', async () => {
    await subscribe();
    await emitBreach();
    const stop = new AbortController();
    stop.abort();

    const aborted = await deliverDue(store, { ...deps, signal: stop.signal });
    const leased = await deliverDue(store, deps);
    clock.advance(400 + 60_000);
    const after = await deliverDue(store, deps);

    expect(aborted.attempted).toBe(0);
    expect(leased.attempted).toBe(0);
    expect(after).toMatchObject({ attempted: 1, delivered: 1 });
    expect(receiver.received).toHaveLength(1);
  });

  it('runs as a webhooks.deliver job on the job clock', async () => {
    await subscribe();
    await emitBreach();
    const handler = deliverJob(store, deps);

    const r = await handler(
      { limit: 5 },
      { jobId: 'j1', attempt: 1, signal: new AbortController().signal, clock },
    );

    expect(r).toMatchObject({ attempted: 1, delivered: 1 });
  });

  it('does not follow a redirect, and reads a large answer only in part', async () => {
    await subscribe();
    await emitBreach();
    await emitBreach();
    receiver.script = ['redirect', 'big'];

    const r = await deliverDue(store, { ...deps, maxResponseBytes: 1024 });

    expect(r).toMatchObject({ attempted: 2, delivered: 1, retrying: 1 });
    expect(receiver.received.map((x) => x.path)).toEqual(['/hook', '/hook']);
    const errors = (await store.webhooks.deliveries()).map((d) => d.lastError).sort();
    expect(errors).toEqual([null, 'redirect not followed (HTTP 302)'].sort());
  });

  it('queues only for subscriptions that want the event, and nothing when the caller rolls back', async () => {
    await subscribe({ minSeverity: 'critical' });
    await subscribe({ events: ['sla.breached'] });
    await subscribe({ events: ['feed.failed'] });

    const high = await emitBreach('high');
    const critical = await emitBreach('critical');
    await expect(
      store.transaction(async (tx) => {
        await emit(tx, newEvent(clock, { type: EventType.SlaBreached, data: {} }));
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');

    expect([high, critical]).toEqual([1, 2]);
    expect(await store.webhooks.deliveries()).toHaveLength(3);
  });

  it('creates a subscription whose secret is shown once, pings it, and removes it', async () => {
    const created = await subscribe({ events: ['exposure.new'], minSeverity: 'HIGH' });

    const listed = await listWebhooks(store);
    const ping = await pingWebhook(store, deps, created.subscription.id);
    const sealed = await store.webhooks.subscriptionSecret(created.subscription.id);
    await removeWebhook(store, created.subscription.id, 'test');

    expect(created.secret).toMatch(/^whsec_/);
    expect(listed).toEqual([created.subscription]);
    expect(listed[0]).toMatchObject({
      eventTypes: ['io.patchline.exposure.new'],
      minSeverity: 'high',
    });
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6));
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(created.secret.slice(6));
    expect(ping).toMatchObject({ ok: true, statusCode: 204, error: null });
    expect(receiver.received[0]!.verified).toBe(true);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: EventType.Ping });
    expect(await listWebhooks(store)).toEqual([]);
    await expect(removeWebhook(store, created.subscription.id, 'test')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it.each([
    ['ftp://hooks.example/x', 'must be http or https'],
    ['https://user:pw@hooks.example/x', 'must not carry credentials'],
    ['not a url', 'not a URL'],
  ])('refuses the URL %s', async (bad, message) => {
    await expect(createWebhook(store, secrets, { url: bad, actor: 'test' })).rejects.toThrow(
      message,
    );
  });

  it.each([
    [{ events: ['nope'] }, 'unknown event type nope'],
    [{ minSeverity: 'urgent' }, 'unknown severity urgent'],
  ])('refuses the filter %j', async (filter, message) => {
    await expect(createWebhook(store, secrets, { url, actor: 'test', ...filter })).rejects.toThrow(
      message,
    );
  });
});
