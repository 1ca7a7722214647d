import { AppError, ErrorCode } from '../domain/errors.js';

/**
 * Syncs the named sources (every one in `all` when none is named) one after the other. Each
 * source's plan is made before any is synced, so a configuration error surfaces before anything
 * is fetched; an option that points at one source (`single.flag`, when given) needs exactly one.
 */
export async function syncEach<P, R>(
  named: readonly string[] | undefined,
  all: readonly string[],
  single: { readonly flag: string; readonly given: boolean },
  plan: (id: string) => P,
  sync: (planned: P) => Promise<R>,
): Promise<R[]> {
  const ids = named && named.length > 0 ? named : all;
  if (single.given && ids.length !== 1) {
    throw new AppError(ErrorCode.InputInvalid, `${single.flag} needs exactly one SOURCE`);
  }
  const plans = ids.map(plan);
  const out: R[] = [];
  for (const p of plans) out.push(await sync(p));
  return out;
}
