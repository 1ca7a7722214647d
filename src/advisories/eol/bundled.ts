import table from './data/eol.json' with { type: 'json' };
import { lifecycleOf, type Lifecycle } from './parse.js';

/** Name the bundled table goes by in messages and as the source of its findings. */
export const bundledTableName = 'src/advisories/eol/data/eol.json';

let cached: Lifecycle | undefined;

/**
 * The lifecycle table shipped with Patchline (`data/eol.json`), used until a `feeds sync eol` or
 * `import advisories` brings newer data.
 */
export function bundledLifecycle(): Lifecycle {
  return (cached ??= lifecycleOf(table, bundledTableName));
}
