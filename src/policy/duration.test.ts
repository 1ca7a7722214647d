import { describe, expect, it } from 'vitest';
import { durationMs, formatDuration } from './duration.js';

describe('policy/duration', () => {
  it.each`
    text     | ms
    ${'30m'} | ${1_800_000}
    ${'4h'}  | ${14_400_000}
    ${'3d'}  | ${259_200_000}
    ${'2w'}  | ${1_209_600_000}
  `('reads $text', ({ text, ms }) => {
    expect(durationMs(text as string)).toBe(ms);
    expect(formatDuration(ms as number)).toBe(text);
  });

  it.each(['3', 'd', '3 d', '1.5d', '3y', '-1d'])('rejects %s', (text) => {
    expect(() => durationMs(text)).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
  });
});
