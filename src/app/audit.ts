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
 * The furthest anchor in the file: the well-formed line with the highest seq. Writers in
 * several processes may append their lines slightly out of order, so the last line is not
 * always the furthest. A torn line (a crash while appending) is skipped; no file, no anchor.
 */
export function readNewestAnchor(file: string): AuditAnchor | undefined {
  if (!existsSync(file)) return undefined;
  let best: AuditAnchor | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    const parsed = anchorLine.safeParse(value);
    if (parsed.success && (best === undefined || parsed.data.seq >= best.seq)) best = parsed.data;
  }
  return best;
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
