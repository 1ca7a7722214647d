import { describe, expect, it } from 'vitest';
import { defaultFetchLimits, fetchLimits, parseDuration, parseSize } from './limits.js';

describe('advisories/fetch/limits', () => {
  it.each([
    ['1048576', 1048576],
    ['512K', 512 * 1024],
    ['64MiB', 64 * 1024 ** 2],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2 GiB', 2 * 1024 ** 3],
    ['10MB', undefined],
    ['-1', undefined],
    ['', undefined],
  ])('size %j is %s bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each([
    ['30', 30_000],
    ['500ms', 500],
    ['90s', 90_000],
    ['45m', 45 * 60_000],
    ['2h', 7_200_000],
    ['soon', undefined],
  ])('duration %j is %s ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('takes the per-feed variable first, then the global one, then the default', () => {
    const limits = fetchLimits(
      {
        PATCHLINE_FEED_MAX_BYTES: '1M',
        PATCHLINE_FEED_OSV_MAX_BYTES: '2G',
        PATCHLINE_FEED_DEADLINE: '5m',
      },
      'osv',
    );

    expect(limits).toEqual({
      ...defaultFetchLimits,
      maxBytes: 2 * 1024 ** 3,
      deadlineMs: 300_000,
    });
    expect(fetchLimits({ PATCHLINE_FEED_MAX_BYTES: '1M' }, 'csaf').maxBytes).toBe(1024 ** 2);
    expect(fetchLimits({ PATCHLINE_FEED_MAX_REDIRECTS: '0' }, 'csaf').maxRedirects).toBe(0);
  });

  it.each([
    [{ PATCHLINE_FEED_MAX_BYTES: 'lots' }, /PATCHLINE_FEED_MAX_BYTES=lots is not a positive size/],
    [
      { PATCHLINE_FEED_DEBIAN_TRACKER_IDLE_TIMEOUT: '0' },
      /_IDLE_TIMEOUT=0 is not a positive duration/,
    ],
    [{ PATCHLINE_FEED_MAX_REDIRECTS: '1.5' }, /MAX_REDIRECTS=1.5 is not a count/],
  ])('refuses %j', (env, message) => {
    expect(() => fetchLimits(env, 'debian-tracker')).toThrow(message);
  });
});
