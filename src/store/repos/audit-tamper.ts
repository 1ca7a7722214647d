import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import type { Store } from '../types.js';

/** A store plus raw SQL access, as an intruder with table rights (and DDL) would have. */
export interface TamperHarness {
  readonly store: Store;
  exec(statement: string): Promise<void>;
  /** Drops the triggers that refuse UPDATE and DELETE on `audit_events`. */
  dropGuards(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The tampering the audit log must notice, on every dialect: a forged row, an edited row with
 * the guard trigger dropped, and deleted tail rows (found through an anchor).
 */
export function runAuditTamperSuite(open: (clock: FixedClock) => Promise<TamperHarness>): void {
  let h: TamperHarness;
  let store: Store;
  const event = (n: number) => ({ actor: 'alice', action: 'x', object: `o:${n}`, reason: 'r' });

  beforeEach(async () => {
    h = await open(fixedClock('2026-11-27T10:00:00.000Z'));
    store = h.store;
    for (let n = 1; n <= 4; n++) await store.audit.append(event(n));
  });
  afterEach(async () => {
    await h.close();
  });

  describe('audit tampering', () => {
    it('a forged row is found by verify and never chained onto', async () => {
      const head = (await store.audit.head())!;
      await h.exec(
        `insert into audit_events (at, actor, action, object, reason, details, prev_hash, hash)
         values ('2026-11-27T10:00:00.000Z', 'mallory', 'x', 'o:5', null, null, '${head.hash}', 'bad')`,
      );

      const forged = (await store.audit.head())!.seq;
      const refused = store.audit.append(event(6));
      await expect(refused).rejects.toMatchObject({ code: 'AUDIT_BROKEN' });
      await expect(refused).rejects.toThrow(`broken at seq ${forged}`);
      expect(await store.audit.verify()).toMatchObject({ ok: false, count: 4, brokenAt: forged });
      expect((await store.audit.head())!.seq).toBe(forged);
    });

    it('an edited row is found by verify; an edited tail refuses the next append', async () => {
      const [e4, , e2] = await store.audit.list();
      await h.dropGuards();
      await h.exec(`update audit_events set reason = 'rewritten' where seq = ${e2!.seq}`);

      expect(await store.audit.verify()).toMatchObject({ ok: false, count: 1, brokenAt: e2!.seq });

      await h.exec(`update audit_events set actor = 'mallory' where seq = ${e4!.seq}`);
      await expect(store.audit.append(event(5))).rejects.toMatchObject({ code: 'AUDIT_BROKEN' });
    });

    it('a deleted tail verifies alone but not against the anchor', async () => {
      const anchor = { at: '2026-11-27T10:00:00.000Z', ...(await store.audit.head())! };
      expect(await store.audit.check(anchor)).toMatchObject({ ok: true, count: 4, anchor });
      const [, e3] = await store.audit.list();
      await h.dropGuards();

      await h.exec(`delete from audit_events where seq >= ${e3!.seq}`);

      expect(await store.audit.verify()).toEqual({ ok: true, count: 2 });
      const checked = await store.audit.check(anchor);
      expect(checked).toMatchObject({ ok: false, count: 2, brokenAt: e3!.seq });
      expect(checked.problem).toContain('truncated');
    });

    it('a log rebuilt after the anchored event no longer matches it', async () => {
      const head = (await store.audit.head())!;
      const anchor = { at: '2026-11-27T10:00:00.000Z', ...head, hash: 'f'.repeat(64) };

      expect(await store.audit.check(anchor)).toMatchObject({ ok: false, brokenAt: head.seq });
      const recounted = await store.audit.check({ ...anchor, hash: head.hash, count: 9 });
      expect(recounted.ok).toBe(false);
      expect(recounted.problem).toContain('counted 9');
    });
  });
}
