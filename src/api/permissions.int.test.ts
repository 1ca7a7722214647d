import { pgSchemas } from '../../test/pg-schemas.js';
import { permissionSuite } from './permission-suite.js';
import { testServer } from './testing.js';

const pgt = pgSchemas('pl_api');

permissionSuite(async () => testServer({ postgres: { url: pgt.url, schema: await pgt.next() } }));
