import { formatPlatform, type Platform } from '../domain/platform.js';
import { streamOf } from './stream.js';

/** Whether the engine could judge a host at all. */
export const AssessmentStatus = { Assessed: 'assessed', NotAssessed: 'not-assessed' } as const;
export type AssessmentStatus = (typeof AssessmentStatus)[keyof typeof AssessmentStatus];

/**
 * A host is assessed when its platform is known and the loaded advisories hold at least one
 * entry for its stream (`streamOf`). Otherwise no finding means nothing, and the host is
 * reported apart with `reason`: detection fails closed.
 */
export type Assessment =
  | { readonly status: typeof AssessmentStatus.Assessed; readonly stream: string }
  | {
      readonly status: typeof AssessmentStatus.NotAssessed;
      readonly stream: string | null;
      readonly reason: string;
    };

/** Judges one platform against the streams the loaded advisories cover. */
export function assess(platform: Platform | null, covers: (stream: string) => boolean): Assessment {
  if (!platform) {
    return {
      status: AssessmentStatus.NotAssessed,
      stream: null,
      reason: 'platform unknown: the inventory names no operating-system release',
    };
  }
  const stream = streamOf(platform);
  if (covers(stream)) return { status: AssessmentStatus.Assessed, stream };
  const named = formatPlatform(platform);
  const also = named === stream ? '' : ` (${named})`;
  return {
    status: AssessmentStatus.NotAssessed,
    stream,
    reason: `no loaded feed covers ${stream}${also}`,
  };
}
