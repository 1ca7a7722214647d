import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inputPathKind, readInputFileSync } from '../../util/read-input.js';
import type { PolicyBundle } from './bundle.js';

/**
 * A policy file or directory read for upload: a directory's `*.yaml`/`*.yml` files by name; a
 * file under its own name when that is a plain YAML file name, else as one document.
 */
export function readPolicyBundle(path: string, maxBytes?: number): PolicyBundle {
  const read = (file: string): string =>
    readInputFileSync(file, { maxBytes, what: 'policy' }).toString('utf8');
  if (inputPathKind(path, 'policy') === 'file') {
    const name = basename(path);
    return /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/.test(name) ? { [name]: read(path) } : read(path);
  }
  const files: Record<string, string> = {};
  for (const n of readdirSync(path).filter((f) => /\.ya?ml$/.test(f))) {
    files[n] = read(join(path, n));
  }
  return files;
}
