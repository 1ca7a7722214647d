import { describe, expect, it } from 'vitest';
import { platformFromOsId, platformFromOsRelease } from './os-release.js';

describe('inventory/os-release', () => {
  it.each`
    text                                                                          | platform
    ${'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"'} | ${'debian:12'}
    ${'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"'}                            | ${'ubuntu:24.04'}
    ${'ID="rhel"\nVERSION_ID="9.3"'}                                              | ${'rhel:9'}
    ${"ID='almalinux'\nVERSION_ID='9.3'"}                                         | ${'almalinux:9'}
    ${'ID=alpine\nVERSION_ID=3.18.4\n'}                                           | ${'alpine:3.18'}
    ${'ID="amzn"\nVERSION_ID="2023"'}                                             | ${'amzn:2023'}
    ${'ID="amzn"\nVERSION_ID="2"'}                                                | ${'amzn:2'}
    ${'ID=ol\nVERSION_ID="8.9"'}                                                  | ${'ol:8'}
    ${'ID=debian\n# testing has no VERSION_ID'}                                   | ${null}
    ${'ID=gentoo\nVERSION_ID=2.14'}                                               | ${null}
    ${'ID=windows\nVERSION_ID=10'}                                                | ${null}
  `('$platform from os-release', ({ text, platform }) => {
    const p = platformFromOsRelease(text);

    expect(p ? `${p.family}:${p.release}` : null).toBe(platform);
  });

  it('treats CRLF and surrounding blanks as noise', () => {
    expect(platformFromOsId(' Debian ', '12\r')).toEqual({ family: 'debian', release: '12' });
  });
});
