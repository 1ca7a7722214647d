import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { formatPlatform, schemeOf, type Platform, type SchemeId } from '../domain/platform.js';
import { parseOsReleaseFields, platformFromOsRelease } from './os-release.js';
import type { PlatformHint } from './types.js';

export interface PlatformInputs {
  readonly file: string;
  readonly explicit?: Platform | undefined;
  readonly osRelease?: string | undefined;
  readonly hint?: PlatformHint | undefined;
  /** Scheme of the inventory's versions; null when it varies (SBOM). */
  readonly scheme: SchemeId | null;
}

/**
 * Picks the platform by precedence (see src/inventory/readme.md): explicit `platform` option,
 * then `osRelease` text, then what the inventory states, then what it implies (base-files,
 * *-release packages), else null. Inferred or missing platforms produce a warning, never silence.
 * Throws PLATFORM_INVALID for os-release text naming no known platform, or a platform whose
 * versioning scheme differs from the inventory's.
 */
export function resolvePlatform(inp: PlatformInputs, out: Diagnostic[]): Platform | null {
  const location = { file: inp.file };
  const chosen = inp.explicit ?? fromOsRelease(inp.osRelease);
  if (chosen) {
    checkScheme(chosen, inp.scheme, inp.file);
    const found = inp.hint?.platform;
    if (found && formatPlatform(found) !== formatPlatform(chosen)) {
      const message = `given platform ${formatPlatform(chosen)} differs from ${formatPlatform(found)} (${inp.hint.source}); using the given one`;
      out.push({ severity: 'warning', message, location });
    }
    return chosen;
  }
  if (!inp.hint) {
    const message = 'no platform in the inventory: pass --platform or --os-release';
    out.push({ severity: 'warning', message, location });
    return null;
  }
  checkScheme(inp.hint.platform, inp.scheme, inp.file);
  if (inp.hint.inferred) {
    const message = `platform ${formatPlatform(inp.hint.platform)} inferred from ${inp.hint.source}; pass --os-release or --platform to state it`;
    out.push({ severity: 'warning', message, location });
  }
  return inp.hint.platform;
}

function fromOsRelease(text: string | undefined): Platform | undefined {
  if (text === undefined) return undefined;
  const p = platformFromOsRelease(text);
  if (p) return p;
  const f = parseOsReleaseFields(text);
  throw new AppError(
    ErrorCode.PlatformInvalid,
    `os-release names no known platform (ID=${f.get('ID') ?? '?'}, VERSION_ID=${f.get('VERSION_ID') ?? '?'})`,
  );
}

function checkScheme(p: Platform, scheme: SchemeId | null, file: string): void {
  if (scheme === null || schemeOf(p) === scheme) return;
  throw new AppError(
    ErrorCode.PlatformInvalid,
    `platform ${formatPlatform(p)} uses ${schemeOf(p)} versions but this is a ${scheme} inventory`,
    { location: { file } },
  );
}
