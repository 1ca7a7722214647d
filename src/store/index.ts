export { openStore, parseStoreUrl, type OpenStoreOptions, type StoreTarget } from './open.js';
export type { DialectId } from './dialect.js';
export { packageSetHash, canonicalPackages } from './package-set.js';
export { auditHash, genesisHash } from './repos/audit.js';
export type * from './types.js';
