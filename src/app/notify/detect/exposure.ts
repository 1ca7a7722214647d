import type { Severity } from '../../../domain/advisory.js';
import { EventType } from '../event-types.js';
import type { Detection } from './types.js';

/** An open finding on its clock's asset (an image's for inherited ones, see `clockOwner`). */
export interface OpenFinding {
  /** The clock's asset id. */
  readonly assetId: string;
  readonly asset: string;
  readonly kind: string;
  readonly tier: string;
  readonly advisory: string;
  readonly package: string;
  readonly installed: string;
  readonly fixed?: string;
  readonly severity: Severity;
  readonly status: string;
  readonly cves: readonly string[];
  readonly origin: string;
  /** When its clock first saw it, ISO 8601. */
  readonly firstSeen: string;
  readonly knownExploited?: boolean;
}

/** One day: findings first seen longer ago are old news, even on a first run. */
export const defaultNewWithinMs = 86_400_000;

/**
 * `exposure.new`: each finding whose clock started within `newWithinMs` before `now`. Keyed by
 * the clock (asset id, advisory, package), so a clone inheriting an image's finding does not
 * announce it again and a finding that comes back resumes its old clock, silently.
 */
export function detectNewExposures(
  findings: Iterable<OpenFinding>,
  now: Date,
  newWithinMs = defaultNewWithinMs,
): Detection[] {
  const out: Detection[] = [];
  const since = now.getTime() - newWithinMs;
  for (const f of findings) {
    const seen = Date.parse(f.firstSeen);
    if (Number.isNaN(seen) || seen < since || seen > now.getTime()) continue;
    out.push({
      type: EventType.ExposureNew,
      key: `${f.assetId}/${f.advisory}/${f.package}`,
      subject: `${f.kind === 'image' ? 'image' : 'asset'}/${f.asset}`,
      data: {
        asset: f.asset,
        kind: f.kind,
        tier: f.tier,
        advisory: f.advisory,
        package: f.package,
        installed: f.installed,
        ...(f.fixed !== undefined && { fixed: f.fixed }),
        severity: f.severity,
        status: f.status,
        cves: f.cves,
        origin: f.origin,
        firstSeen: f.firstSeen,
        ...(f.knownExploited === true && { knownExploited: true }),
      },
    });
  }
  return out;
}
