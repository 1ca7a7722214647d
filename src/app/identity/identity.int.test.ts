import { describe, expect, it } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import { fixedClock } from '../../domain/clock.js';
import { openStore } from '../../store/index.js';
import { ensureAdmin } from './bootstrap.js';
import { authenticateSession, createSession } from './sessions.js';
import { cheapParams, identityTestNow } from './testing.js';
import { authenticateToken, createToken } from './tokens.js';
import { setRole, verifyPassword, createUser } from './users.js';

const pgt = pgSchemas('pl_identity_app');

describe('app/identity on PostgreSQL', () => {
  it('bootstraps once when two servers start on one empty database at the same moment', async () => {
    const schema = await pgt.next();
    const clock = fixedClock(identityTestNow);
    const a = await openStore(pgt.url, clock, { schema, poolSize: 2 });
    const b = await openStore(pgt.url, clock, { schema, poolSize: 2 });
    try {
      const both = await Promise.all([
        ensureAdmin(a, clock, { passwordParams: cheapParams }),
        ensureAdmin(b, clock, { passwordParams: cheapParams }),
      ]);

      const won = both.filter((x) => x !== undefined);
      expect(won).toHaveLength(1);
      expect(await a.users.count()).toBe(1);
      const p = await authenticateToken(b, won[0]!.token.secret, clock.now());
      expect(p).toMatchObject({ name: 'admin', role: 'admin' });
    } finally {
      await a.close();
      await b.close();
      await pgt.drop(schema);
    }
  });

  it('runs login, session, token and narrowing end to end', async () => {
    const schema = await pgt.next();
    const clock = fixedClock(identityTestNow);
    const store = await openStore(pgt.url, clock, { schema, poolSize: 2 });
    try {
      const pw = 'correct horse battery';
      await createUser(store, {
        name: 'Ops',
        role: 'operator',
        password: pw,
        actor: 'cli:t',
        passwordParams: cheapParams,
      });
      const principal = await verifyPassword(store, 'ops', pw, { passwordParams: cheapParams });
      const s = await createSession(store, clock, { principal, actor: 'user:Ops' });
      const t = await createToken(store, clock, { user: 'OPS', name: 'ci', actor: 'user:Ops' });

      clock.advance(5 * 60_000);
      const viaSession = await authenticateSession(store, s.secret, clock.now());
      const change = await setRole(store, clock, { name: 'ops', role: 'viewer', actor: 'cli:t' });

      expect(viaSession.session.idleExpiresAt).toBe('2026-12-08T10:35:00.000Z');
      expect(change.revokedTokens).toEqual([t.token.id]);
      await expect(authenticateToken(store, t.secret, clock.now())).rejects.toMatchObject({
        reason: 'revoked',
      });
      expect((await authenticateSession(store, s.secret, clock.now())).principal.role).toBe(
        'viewer',
      );
    } finally {
      await store.close();
      await pgt.drop(schema);
    }
  });
});
