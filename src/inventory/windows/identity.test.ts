import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../index.js';

const srv2019 = readFileSync(
  new URL('__fixtures__/srv_2019_rtm_datacenter_en-us_systeminfo.txt', import.meta.url),
  'latin1',
);
const win10 = readFileSync(
  new URL('__fixtures__/10_22H2_x64_enterprise_en-us_systeminfo.txt', import.meta.url),
  'latin1',
);
const regCore =
  '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n    InstallationType    REG_SZ    Server Core\r\n';
const regServer =
  '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n    InstallationType    REG_SZ    Server\r\n';

describe('inventory/windows/identity', () => {
  it.each`
    case                                            | text                                                         | release
    ${'Server 2019 Datacenter systeminfo'}          | ${srv2019}                                                   | ${'10.0.17763:server:x64'}
    ${'the same with InstallationType Server Core'} | ${srv2019 + regCore}                                         | ${'10.0.17763:server:x64:core'}
    ${'the same with InstallationType Server'}      | ${srv2019 + regServer}                                       | ${'10.0.17763:server:x64'}
    ${'Get-ComputerInfo says Server Core'}          | ${`${srv2019}\r\nWindowsInstallationType : Server Core\r\n`} | ${'10.0.17763:server:x64:core'}
    ${'Windows 10 on an ARM64-based PC'}            | ${win10.replace('x64-based PC', 'ARM64-based PC')}           | ${'10.0.19045:client:arm64'}
    ${'Windows 10 on an X86-based PC'}              | ${win10.replace('x64-based PC', 'X86-based PC')}             | ${'10.0.19045:client:x86'}
    ${'Server 2022 23H2 ships only as Server Core'} | ${srv2019.replace(/17763/g, '25398')}                        | ${'10.0.25398:server:x64:core'}
  `('$case → windows:$release', ({ text, release }) => {
    const { value, diagnostics } = parseInventory(text as string, { format: 'windows' });

    expect(value.platform).toEqual({ family: 'windows', release });
    expect(diagnostics.filter((d) => /state the product/.test(d.message))).toEqual([]);
  });

  it('without a System Type the platform is the build alone, with a warning saying what to state', () => {
    const text = srv2019.replace('x64-based PC', 'Itanium-based PC');

    const { value, diagnostics } = parseInventory(text, { format: 'windows', fileName: 's.txt' });

    expect(value.platform).toEqual({ family: 'windows', release: '10.0.17763:server' });
    expect(diagnostics).toContainEqual({
      severity: 'warning',
      message:
        'systeminfo does not say architecture (System Type); state the product with --platform windows:10.0.17763:<client|server>:<x64|x86|arm64>',
      location: { file: 's.txt', line: 4 },
    });
  });

  it('a stated platform wins over systeminfo and fills the build of a hotfix list', () => {
    const { value } = parseInventory('HotFixID\r\nKB5005039\r\n', {
      format: 'windows',
      platform: { family: 'windows', release: '10.0.17763:server:x64:core' },
    });

    expect(value.platform?.release).toBe('10.0.17763:server:x64:core');
    expect(value.windows?.build).toBe('10.0.17763');
  });
});
