import { describe, expect, it } from 'vitest';
import { formatPlatform, parsePlatform, schemeOf } from './platform.js';

describe('domain/platform', () => {
  it.each`
    text                    | family         | release         | scheme
    ${'debian:12'}          | ${'debian'}    | ${'12'}         | ${'dpkg'}
    ${'Ubuntu:24.04'}       | ${'ubuntu'}    | ${'24.04'}      | ${'dpkg'}
    ${'almalinux:9'}        | ${'almalinux'} | ${'9'}          | ${'rpm'}
    ${'alpine:3.18'}        | ${'alpine'}    | ${'3.18'}       | ${'apk'}
    ${'windows:10.0.19045'} | ${'windows'}   | ${'10.0.19045'} | ${'kb'}
  `('parses $text', ({ text, family, release, scheme }) => {
    const p = parsePlatform(text as string);

    expect(p).toEqual({ family, release });
    expect(schemeOf(p)).toBe(scheme);
    expect(formatPlatform(p)).toBe(`${family}:${release}`);
  });

  it.each(['plan9:4', 'debian', 'debian:', 'debian: 12 x'])('rejects %s', (text) => {
    expect(() => parsePlatform(text)).toThrow(
      expect.objectContaining({ code: 'PLATFORM_INVALID' }),
    );
  });
});
