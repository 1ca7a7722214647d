import { describe } from 'vitest';
import { pgSchemas } from '../../test/pg-schemas.js';
import { fixedClock } from '../domain/clock.js';
import { storedModuleStreamCases } from './module-streams-store-cases.js';
import { openStore } from './open-store.js';

const pgt = pgSchemas('pl_modules');

describe('app/module-streams on a PostgreSQL store', () => {
  storedModuleStreamCases(async () =>
    openStore(pgt.url, fixedClock('2026-12-07T09:00:00Z'), {
      schema: await pgt.next(),
      poolSize: 2,
    }),
  );
});
