import fc from 'fast-check';

/**
 * Property and fuzz tests explore fresh random inputs on a developer's machine, but CI runs one
 * fixed seed so a red run is reproducible and never a coin toss. PATCHLINE_FC_SEED replays a
 * failing seed (fast-check prints it) anywhere.
 */
const fromEnv = process.env.PATCHLINE_FC_SEED;
const seed = fromEnv !== undefined ? Number(fromEnv) : process.env.CI ? 20261127 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
