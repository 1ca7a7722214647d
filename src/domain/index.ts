export * from './errors.js';
export * from './diagnostics.js';
export * from './clock.js';
export * from './platform.js';
export * from './inventory.js';
export * from './asset.js';
export * from './advisory.js';
