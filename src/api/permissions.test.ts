import { permissionSuite } from './permission-suite.js';
import { testServer } from './testing.js';

permissionSuite(() => testServer());
