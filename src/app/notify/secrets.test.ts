import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { openStore, type Store } from '../../store/index.js';
import { loadKeyForStore, rotateSecrets } from '../secrets.js';
import { webhookSecrets } from './secrets.js';
import { createWebhook } from './subscriptions.js';

describe('app/notify/secrets', () => {
  let dir: string;
  let keyFile: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-notify-secrets-'));
    keyFile = join(dir, 'secret.key');
    store = await openStore(join(dir, 'p.db'), fixedClock('2026-12-07T10:00:00Z'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals the signing secret so that key rotation re-encrypts it', async () => {
    const first = await loadKeyForStore({}, keyFile, store);
    const created = await createWebhook(store, webhookSecrets(first), {
      url: 'https://hooks.example/',
      actor: 't',
    });
    const id = created.subscription.id;
    const before = (await store.webhooks.subscriptionSecret(id))!;

    const r = await rotateSecrets({}, keyFile, store, { actor: 't' });
    const next = await loadKeyForStore({}, keyFile, store);
    const after = (await store.webhooks.subscriptionSecret(id))!;

    expect(r).toEqual({ rotated: 1 });
    expect(after).not.toBe(before);
    expect(webhookSecrets(next).open(id, after)).toBe(created.secret);
    expect(() => webhookSecrets(first).open(id, after)).toThrow('cannot be decrypted');
    expect(() => webhookSecrets(next).open('other-id', after)).toThrow('cannot be decrypted');
  });
});
