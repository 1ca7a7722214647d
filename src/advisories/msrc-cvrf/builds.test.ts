import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatWindowsRelease, serverCoreOnlyBuilds } from '../../domain/windows-identity.js';
import { readFixture } from '../testing/golden.js';
import { windowsIdentityOf, windowsPlatform } from './builds.js';
import { parseMsrcCvrf } from './parse.js';

const dir = import.meta.dirname;
const names = readFileSync(new URL('__names__/windows-product-names.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

/** Every Windows product name of the four real CVRF months, and the product it denotes. */
const table: Readonly<Record<string, string>> = {
  'Windows 10 Version 1607 for 32-bit Systems': '10.0.14393:client:x86',
  'Windows 10 Version 1607 for x64-based Systems': '10.0.14393:client:x64',
  'Windows 10 Version 1809 for 32-bit Systems': '10.0.17763:client:x86',
  'Windows 10 Version 1809 for ARM64-based Systems': '10.0.17763:client:arm64',
  'Windows 10 Version 1809 for x64-based Systems': '10.0.17763:client:x64',
  'Windows 10 Version 21H2 for 32-bit Systems': '10.0.19044:client:x86',
  'Windows 10 Version 21H2 for ARM64-based Systems': '10.0.19044:client:arm64',
  'Windows 10 Version 21H2 for x64-based Systems': '10.0.19044:client:x64',
  'Windows 10 Version 22H2 for 32-bit Systems': '10.0.19045:client:x86',
  'Windows 10 Version 22H2 for ARM64-based Systems': '10.0.19045:client:arm64',
  'Windows 10 Version 22H2 for x64-based Systems': '10.0.19045:client:x64',
  'Windows 10 for 32-bit Systems': '10.0.10240:client:x86',
  'Windows 10 for x64-based Systems': '10.0.10240:client:x64',
  'Windows 11 Version 22H2 for ARM64-based Systems': '10.0.22621:client:arm64',
  'Windows 11 Version 22H2 for x64-based Systems': '10.0.22621:client:x64',
  'Windows 11 Version 23H2 for ARM64-based Systems': '10.0.22631:client:arm64',
  'Windows 11 Version 23H2 for x64-based Systems': '10.0.22631:client:x64',
  'Windows 11 version 21H2 for ARM64-based Systems': '10.0.22000:client:arm64',
  'Windows 11 version 21H2 for x64-based Systems': '10.0.22000:client:x64',
  'Windows Server 2008 R2 for x64-based Systems Service Pack 1': '6.1.7601:server:x64',
  'Windows Server 2008 R2 for x64-based Systems Service Pack 1 (Server Core installation)':
    '6.1.7601:server:x64:core',
  'Windows Server 2008 for 32-bit Systems Service Pack 2': '6.0.6003:server:x86',
  'Windows Server 2008 for 32-bit Systems Service Pack 2 (Server Core installation)':
    '6.0.6003:server:x86:core',
  'Windows Server 2008 for x64-based Systems Service Pack 2': '6.0.6003:server:x64',
  'Windows Server 2008 for x64-based Systems Service Pack 2 (Server Core installation)':
    '6.0.6003:server:x64:core',
  'Windows Server 2012': '6.2.9200:server:x64',
  'Windows Server 2012 (Server Core installation)': '6.2.9200:server:x64:core',
  'Windows Server 2012 R2': '6.3.9600:server:x64',
  'Windows Server 2012 R2 (Server Core installation)': '6.3.9600:server:x64:core',
  'Windows Server 2016': '10.0.14393:server:x64',
  'Windows Server 2016 (Server Core installation)': '10.0.14393:server:x64:core',
  'Windows Server 2019': '10.0.17763:server:x64',
  'Windows Server 2019 (Server Core installation)': '10.0.17763:server:x64:core',
  'Windows Server 2022': '10.0.20348:server:x64',
  'Windows Server 2022 (Server Core installation)': '10.0.20348:server:x64:core',
  'Windows Server 2022, 23H2 Edition (Server Core installation)': '10.0.25398:server:x64:core',
};

describe('advisories/msrc-cvrf/builds', () => {
  it.each(Object.entries(table))('%s is %s', (name, release) => {
    const id = windowsIdentityOf(name);

    expect(id && formatWindowsRelease(id)).toBe(release);
    expect(windowsPlatform(name)).toBe(`windows:${release}`);
  });

  // Names of later months (not in the four stored documents), as MSRC writes them.
  it.each`
    name                                                 | release
    ${'Windows 11 Version 24H2 for x64-based Systems'}   | ${'10.0.26100:client:x64'}
    ${'Windows 11 Version 24H2 for ARM64-based Systems'} | ${'10.0.26100:client:arm64'}
    ${'Windows Server 2025'}                             | ${'10.0.26100:server:x64'}
    ${'Windows Server 2025 (Server Core installation)'}  | ${'10.0.26100:server:x64:core'}
  `('$name is $release', ({ name, release }) => {
    expect(windowsPlatform(name as string)).toBe(`windows:${release}`);
  });

  it('the table covers every Windows product name of the real documents', () => {
    const windowsItself = names.filter(
      (n) => n.startsWith('Windows ') && n !== 'Windows Defender Antimalware Platform',
    );

    expect(windowsItself.length).toBeGreaterThan(30);
    expect(windowsItself.filter((n) => !(n in table))).toEqual([]);
  });

  it('names that are not Windows itself map to no product', () => {
    const others = names.filter((n) => !(n in table));

    expect(others.length).toBeGreaterThan(70);
    expect(others.filter((n) => windowsIdentityOf(n) !== null)).toEqual([]);
    expect(windowsPlatform('Microsoft Edge (Chromium-based)')).toBe('windows');
  });

  it('products sharing a build are distinct identities', () => {
    const byBuild = new Map<string, Set<string>>();
    for (const [name, release] of Object.entries(table)) {
      const build = release.split(':')[0]!;
      byBuild.set(build, (byBuild.get(build) ?? new Set()).add(release));
      expect(windowsIdentityOf(name)?.build).toBe(build);
    }

    expect(byBuild.get('10.0.17763')).toEqual(
      new Set([
        '10.0.17763:client:x86',
        '10.0.17763:client:arm64',
        '10.0.17763:client:x64',
        '10.0.17763:server:x64',
        '10.0.17763:server:x64:core',
      ]),
    );
    expect(new Set(Object.values(table)).size).toBe(Object.keys(table).length);
  });

  // Why a server with no InstallationType may be taken as a desktop installation (unless its
  // build ships only as Server Core).
  it('in Nov 2023, every CVE fixed for a Server Core product is fixed for its desktop product', () => {
    const advisories = parseMsrcCvrf({
      name: 'cvrf-2023-Nov.xml',
      bytes: readFixture(dir, 'cvrf-2023-Nov.xml'),
    }).advisories;
    let pairs = 0;
    for (const a of advisories) {
      const platforms = new Set(a.affected.map((e) => e.platform));
      for (const p of platforms) {
        if (!p.endsWith(':core') || serverCoreOnlyBuilds.has(p.split(':')[1]!)) continue;
        pairs++;
        expect(platforms, `${a.id} ${p}`).toContain(p.slice(0, -':core'.length));
      }
    }

    expect(pairs).toBeGreaterThan(100);
  });
});
