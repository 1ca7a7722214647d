import type { Finding } from './types.js';

/** Where a host's finding comes from, relative to the image version it was cloned from. */
export const FindingOrigin = {
  /** The image version has it too: fix the template, not just the host. */
  Inherited: 'inherited',
  /** Only on the host: introduced after provisioning. */
  Introduced: 'introduced',
  /** Fixed on the host but still in the image: every new clone brings it back. */
  Regressed: 'regressed',
  /** On a host with no image version to compare with (standalone, or its image has no inventory). */
  Host: 'host',
  /** On an image version itself: its clones inherit it. */
  Image: 'image',
} as const;
export type FindingOrigin = (typeof FindingOrigin)[keyof typeof FindingOrigin];

export const findingOrigins: readonly FindingOrigin[] = Object.values(FindingOrigin);

export interface OriginedFinding extends Finding {
  readonly origin: FindingOrigin;
}

export interface OriginSplit {
  /** The host's findings, each inherited or introduced. */
  readonly findings: readonly OriginedFinding[];
  /** Image findings the host no longer has, attributed to the host as regressed. */
  readonly regressed: readonly OriginedFinding[];
}

/** Identity of a finding independent of the asset it sits on. */
export function findingKey(f: Finding): string {
  return `${f.advisory}\u0000${f.package}`;
}

/**
 * Classifies a cloned host's findings against its image version's (DESIGN.md "lineage"): a
 * finding the image also has is inherited, one it lacks is introduced, and an image finding the
 * host lacks is regressed. `imageKeys` (the image findings' keys) can be passed in when many
 * clones of one image are classified.
 */
export function classifyOrigins(
  host: string,
  hostFindings: readonly Finding[],
  imageFindings: readonly Finding[],
  imageKeys: ReadonlySet<string> = new Set(imageFindings.map(findingKey)),
): OriginSplit {
  const keys = hostFindings.map(findingKey);
  const onHost = new Set(keys);
  const findings = hostFindings.map((f, i) => ({
    ...f,
    origin: imageKeys.has(keys[i]!) ? FindingOrigin.Inherited : FindingOrigin.Introduced,
  }));
  const regressed = imageFindings
    .filter((f) => !onHost.has(findingKey(f)))
    .map((f) => ({ ...f, asset: host, origin: FindingOrigin.Regressed }));
  return { findings, regressed };
}
