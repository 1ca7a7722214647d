import { readdirSync } from 'node:fs';
import type { InstalledPackage } from '../../domain/inventory.js';
import { resolveInRoot } from './resolve.js';

/** Most directory entries looked at in `/boot` or `/lib/modules`. */
const maxEntries = 10_000;
const rpmKernel = /^kernel(?:-core|-rt-core|-default|-uek)?$/;
const debImage = /^linux-image-(\d\S*)$/;

/**
 * The kernels installed in a root, as `uname -r` would name each once booted, sorted: from the
 * kernel packages (rpm `kernel`/`kernel-core`: VERSION-RELEASE.ARCH; dpkg `linux-image-<release>`),
 * `/boot/vmlinuz-<release>` and `/lib/modules/<release>/`. A root is not running, so none of
 * them is the running kernel.
 */
export function installedKernels(root: string, packages: readonly InstalledPackage[]): string[] {
  const found = new Set<string>();
  for (const p of packages) {
    const deb = debImage.exec(p.name);
    if (deb) found.add(deb[1]!);
    else if (rpmKernel.test(p.name) && p.arch) {
      found.add(`${p.version.replace(/^\d+:/, '')}.${p.arch}`);
    }
  }
  for (const name of list(root, 'boot')) {
    if (name.startsWith('vmlinuz-') && !name.includes('rescue')) {
      found.add(name.slice('vmlinuz-'.length));
    }
  }
  for (const name of list(root, 'lib/modules')) found.add(name);
  return [...found].filter((k) => /^\d/.test(k)).sort();
}

function list(root: string, dir: string): string[] {
  const r = resolveInRoot(root, dir);
  if (!r?.stats.isDirectory()) return [];
  try {
    return readdirSync(r.path).slice(0, maxEntries);
  } catch {
    return [];
  }
}
