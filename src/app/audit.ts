import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { AuditAnchor, AuditCheck, AuditHead, Store } from '../store/index.js';

const anchorLine = z.object({
  at: z.string(),
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().nonnegative(),
});

/**
 * Appends the head to the anchor file as one JSON line and syncs it to disk. The file lives
 * outside the store, ideally where the store's writers cannot rewrite it (another host, an
 * append-only mount): docs/decisions/0041-audit-anchors-and-keys.md.
 */
export function writeAnchor(file: string, head: AuditHead, clock: Clock): AuditAnchor {
  const anchor: AuditAnchor = { at: clock.now().toISOString(), ...head };
  let fd: number | undefined;
  try {
    fd = openSync(file, 'a', 0o644);
    writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fsyncSync(fd);
  } catch (e) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `cannot append to the audit anchor file ${file} (PATCHLINE_AUDIT_ANCHOR): ${e instanceof Error ? e.message : String(e)}; what was being stored is committed`,
      { cause: e, location: { file } },
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return anchor;
}

/**
 * The newest anchor in the file: its last line that parses. A torn last line (a crash while
 * appending) is skipped; an absent file means no anchor yet.
 */
export function readNewestAnchor(file: string): AuditAnchor | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    try {
      const parsed = anchorLine.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // a torn line: look at the one before
    }
  }
  return undefined;
}

/** `audit verify`: the whole chain, then the newest anchor when an anchor file is given. */
export async function verifyAudit(
  store: Store,
  anchorFile: string | undefined,
): Promise<AuditCheck> {
  const anchor = anchorFile === undefined ? undefined : readNewestAnchor(anchorFile);
  return store.audit.check(anchor);
}

/** The callback `openStore` runs after each write that appended: one anchor line per write. */
export function anchorWriter(file: string, clock: Clock): (head: AuditHead) => void {
  return (head) => {
    writeAnchor(file, head, clock);
  };
}
