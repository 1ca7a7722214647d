import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { fsErrorCode, fsProblem } from '../../util/fs-errors.js';

/** Linux's limit on symlinks followed in one lookup (MAXSYMLINKS in fs/namei.c). */
const maxHops = 40;

/** A path inside a root, resolved on the host, with what it is. */
export interface RootPath {
  /** The host path, always under the root. */
  readonly path: string;
  /** The path as seen inside the root (`/usr/lib/os-release`). */
  readonly inRoot: string;
  readonly stats: Stats;
}

/**
 * Resolves `rel` inside `root` as if `root` were `/` (like openat2's RESOLVE_IN_ROOT): every
 * symlink is read and followed by hand, an absolute target restarting at the root and `..`
 * stopping there, so `etc/os-release -> /usr/lib/os-release` reads the root's file and no link
 * reaches out of it. Null when the path does not exist; INPUT_INVALID on a loop of links.
 * The root is taken as it is; a tree that changes while read may still race the walk.
 */
export function resolveInRoot(root: string, rel: string): RootPath | null {
  const top = realRoot(root);
  const todo = parts(rel);
  const done: string[] = [];
  let hops = 0;
  for (let c = todo.shift(); c !== undefined; c = todo.shift()) {
    if (c === '..') {
      done.pop();
      continue;
    }
    const host = join(top, ...done, c);
    let st: Stats;
    try {
      st = lstatSync(host);
    } catch (e) {
      const code = fsErrorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw fsProblem(e, host, 'a readable path inside the root');
    }
    if (!st.isSymbolicLink()) {
      done.push(c);
      if (todo.length > 0 && !st.isDirectory()) return null;
      if (todo.length === 0) return { path: host, inRoot: `/${done.join('/')}`, stats: st };
      continue;
    }
    if (++hops > maxHops) {
      throw new AppError(
        ErrorCode.InputInvalid,
        `${join(root, rel)}: more than ${maxHops} symbolic links (a loop?)`,
        {
          location: { file: join(root, rel) },
        },
      );
    }
    const target = readlinkSync(host);
    if (target.startsWith('/')) done.length = 0;
    todo.unshift(...parts(target));
  }
  return { path: top, inRoot: `/${done.join('/')}`, stats: lstatSync(join(top, ...done)) };
}

function parts(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch (e) {
    throw fsProblem(e, root, 'a directory holding a root file system');
  }
}
