import type { AffectedEntry, Advisory } from '../../domain/advisory.js';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { parsePlatform, schemeOf, type SchemeId } from '../../domain/platform.js';
import { getScheme } from '../../versioning/registry.js';
import type { ParseOutcome } from '../types.js';
import { placeOf } from './where.js';

/**
 * Skips package entries whose `fixed` or `introduced` version the platform's scheme cannot read
 * (they could never be compared with a host, only mislead), each reported as an error naming
 * the advisory and package, with the pointer or line where the parser read it (`placed`); an
 * advisory left with no entry is dropped too. Entries on a
 * platform Patchline does not know are left to the engine, which reports them.
 */
export function skipUnreadableVersions(outcome: ParseOutcome, file: string): ParseOutcome {
  const diagnostics: Diagnostic[] = [...outcome.diagnostics];
  const advisories: Advisory[] = [];
  for (const a of outcome.advisories) {
    const affected = a.affected.filter((e) => {
      const why = unreadable(e);
      if (why === null) return true;
      const at = placeOf(e);
      const note = at?.note ? ` (${at.note})` : '';
      diagnostics.push({
        severity: 'error',
        message: `${a.id}: ${why}${note}; entry skipped`,
        location: {
          file,
          ...(at?.line === undefined ? {} : { line: at.line }),
          ...(at?.pointer === undefined ? {} : { pointer: at.pointer }),
          record: at?.record ?? `${a.id}/${e.kind === 'package' ? e.package : e.product}`,
        },
      });
      return false;
    });
    if (affected.length === a.affected.length) advisories.push(a);
    else if (affected.length > 0) advisories.push({ ...a, affected });
    else {
      diagnostics.push({
        severity: 'error',
        message: `${a.id}: no readable affected entry left; advisory skipped`,
        location: { file, record: a.id },
      });
    }
  }
  return { advisories, diagnostics };
}

/** Why an entry's `fixed` or `introduced` version is not one its platform's scheme reads, or null. */
export function unreadable(e: AffectedEntry): string | null {
  if (e.kind !== 'package') return null;
  const scheme = schemeFor(e.platform);
  if (scheme === null) return null;
  const s = getScheme(scheme);
  for (const [field, v] of [
    ['fixed', e.fixed],
    ['introduced', e.introduced],
  ] as const) {
    if (v !== undefined && !s.isValid(v)) {
      return `${e.package} on ${e.platform}: ${field} version "${v.slice(0, 60)}" is not a valid ${scheme} version`;
    }
  }
  return null;
}

const schemes = new Map<string, SchemeId | null>();

function schemeFor(platform: string): SchemeId | null {
  let s = schemes.get(platform);
  if (s !== undefined) return s;
  try {
    s = schemeOf(parsePlatform(platform));
  } catch {
    s = null;
  }
  schemes.set(platform, s);
  return s;
}
