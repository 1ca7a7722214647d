import { describe, expect, it } from 'vitest';
import { parsePlatform } from './platform.js';
import {
  archOfSystemType,
  editionOfOsName,
  formatWindowsRelease,
  isCompleteIdentity,
  parseWindowsRelease,
  windowsBuildOf,
} from './windows-identity.js';

describe('domain/windows-identity', () => {
  it.each`
    text                               | canonical                       | complete
    ${'10.0.17763'}                    | ${'10.0.17763'}                 | ${false}
    ${'10.0.17763:server'}             | ${'10.0.17763:server'}          | ${false}
    ${'10.0.17763:x64'}                | ${'10.0.17763:x64'}             | ${false}
    ${'10.0.17763:server:x64'}         | ${'10.0.17763:server:x64'}      | ${true}
    ${'10.0.17763:Server:AMD64:Core'}  | ${'10.0.17763:server:x64:core'} | ${true}
    ${'10.0.17763:x64:core:server'}    | ${'10.0.17763:server:x64:core'} | ${true}
    ${'10.0.26100:client:arm64'}       | ${'10.0.26100:client:arm64'}    | ${true}
    ${'10.0.19045:client:x86:desktop'} | ${'10.0.19045:client:x86'}      | ${true}
    ${'6.3.9600:server:x64'}           | ${'6.3.9600:server:x64'}        | ${true}
  `('$text → $canonical (complete: $complete)', ({ text, canonical, complete }) => {
    const id = parseWindowsRelease(text as string);
    if ('error' in id) throw new Error(id.error);

    expect(formatWindowsRelease(id)).toBe(canonical);
    expect(isCompleteIdentity(id)).toBe(complete);
    expect(windowsBuildOf(canonical as string)).toBe((text as string).split(':')[0]);
  });

  it.each`
    text                            | error
    ${'19045'}                      | ${'not a Windows build'}
    ${'10.0.17763:client:x64:core'} | ${'server editions only'}
    ${'10.0.17763:core'}            | ${'server editions only'}
    ${'10.0.17763:server:sparc'}    | ${'unknown Windows word "sparc"'}
  `('rejects $text', ({ text, error }) => {
    expect(parseWindowsRelease(text as string)).toEqual({
      error: expect.stringContaining(error as string),
    });
  });

  it.each`
    text                                    | release
    ${'windows:10.0.17763'}                 | ${'10.0.17763'}
    ${'Windows:10.0.17763:SERVER:x64'}      | ${'10.0.17763:server:x64'}
    ${'windows:10.0.17763:server:x64:core'} | ${'10.0.17763:server:x64:core'}
  `('parsePlatform($text) keeps the stated product', ({ text, release }) => {
    expect(parsePlatform(text as string)).toEqual({ family: 'windows', release });
  });

  it.each(['windows:10.0.17763:client:core', 'windows:server', 'windows:10.0.17763:foo'])(
    'parsePlatform rejects %s',
    (text) => {
      expect(() => parsePlatform(text)).toThrow(
        expect.objectContaining({ code: 'PLATFORM_INVALID' }),
      );
    },
  );

  it.each`
    value               | arch
    ${'x64-based PC'}   | ${'x64'}
    ${'ARM64-based PC'} | ${'arm64'}
    ${'X86-based PC'}   | ${'x86'}
    ${'Itanium'}        | ${undefined}
  `('System Type $value → $arch', ({ value, arch }) => {
    expect(archOfSystemType(value as string)).toBe(arch);
  });

  it.each`
    value                                         | edition
    ${'Microsoft Windows Server 2019 Datacenter'} | ${'server'}
    ${'Microsoft Windows 10 Pro'}                 | ${'client'}
    ${'Майкрософт Windows 11 Pro'}                | ${'client'}
    ${'Microsoft Windows 7 Enterprise '}          | ${'client'}
    ${'Microsoft Hyper-V Server 2019'}            | ${undefined}
  `('OS Name $value → $edition', ({ value, edition }) => {
    expect(editionOfOsName(value as string)).toBe(edition);
  });
});
