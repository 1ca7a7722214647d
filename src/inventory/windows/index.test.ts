import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { runInventoryConformance } from '../conformance.js';
import { parseInventory } from '../index.js';
import { windowsAdapter } from './index.js';
import { splitCsv } from './systeminfo-csv.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url));
const read = (name: string): Buffer => readFileSync(fixture(name));
const all = [
  '10_1809_x64_pro_en-us_20190307_qfe.txt',
  '10_1809_x64_pro_en-us_20190307_systeminfo.txt',
  '10_22H2_x64_enterprise_en-us_systeminfo.txt',
  '11_23H2_x64_enterprise_systeminfo.txt',
  '7_sp1_x64_enterprise_en-us_B_qfe.txt',
  '7_sp1_x64_enterprise_en-us_B_systeminfo.txt',
  'srv_2012r2_u1_qfe.txt',
  'srv_2012r2_u1_systeminfo.txt',
  'srv_2019_rtm_datacenter_en-us_systeminfo.txt',
  'srv_2022_systeminfo.txt',
  'ru_10_22H2_systeminfo.txt',
  'ru_10_22H2_systeminfo.cp866.txt',
  'get-hotfix.txt',
  '11_23H2_systeminfo.csv',
];

describe('inventory/windows', () => {
  runInventoryConformance({
    adapter: windowsAdapter,
    folder: 'windows',
    fixtures: all.map((f) => ({ path: fixture(f) })),
  });

  it.each`
    file                                               | release                    | product                                        | kbs    | kb             | host
    ${'10_22H2_x64_enterprise_en-us_systeminfo.txt'}   | ${'10.0.19045:client:x64'} | ${'Microsoft Windows 10 Enterprise'}           | ${1}   | ${'KB5022502'} | ${'DESKTOP-92B51CV'}
    ${'11_23H2_x64_enterprise_systeminfo.txt'}         | ${'10.0.22631:client:x64'} | ${'Microsoft Windows 11 Enterprise'}           | ${4}   | ${'KB5031354'} | ${'DESKTOP-JNEKK9U'}
    ${'10_1809_x64_pro_en-us_20190307_systeminfo.txt'} | ${'10.0.17763:client:x64'} | ${'Microsoft Windows 10 Pro'}                  | ${5}   | ${'KB4486553'} | ${'DESKTOP-LOQ9L09'}
    ${'srv_2012r2_u1_systeminfo.txt'}                  | ${'6.3.9600:server:x64'}   | ${'Microsoft Windows Server 2012 R2 Standard'} | ${154} | ${'KB2919355'} | ${'SRV12R2U1X64'}
    ${'srv_2022_systeminfo.txt'}                       | ${'10.0.20348:server:x64'} | ${'Microsoft Windows Server 2022 Standard'}    | ${3}   | ${'KB5005039'} | ${'WIN-RIBN7SM07BK'}
    ${'7_sp1_x64_enterprise_en-us_B_systeminfo.txt'}   | ${'6.1.7601:client:x64'}   | ${'Microsoft Windows 7 Enterprise'}            | ${245} | ${'KB971033'}  | ${'WIN7SP1X64'}
    ${'ru_10_22H2_systeminfo.txt'}                     | ${'10.0.19045:client:x64'} | ${'Майкрософт Windows 10 Pro'}                 | ${5}   | ${'KB5032005'} | ${'DESKTOP-7Q4N2KD'}
  `('$file: $release, $kbs KBs incl. $kb', ({ file, release, product, kbs, kb, host }) => {
    const build = (release as string).split(':')[0];
    const { value } = parseInventory(read(file), { fileName: file });

    expect(value.platform).toEqual({ family: 'windows', release });
    expect(value.windows).toMatchObject({ build, productName: product });
    expect(value.windows?.kbs).toHaveLength(kbs);
    expect(value.windows?.kbs).toContain(kb);
    expect(value.hostname).toBe(host);
    expect(value.packages).toEqual([]);
  });

  it('systeminfo /fo csv: build, host, product and KBs by value, not by header', () => {
    const { value, diagnostics } = parseInventory(read('11_23H2_systeminfo.csv'));

    expect(value.platform).toEqual({ family: 'windows', release: '10.0.22631:client:x64' });
    expect(value.hostname).toBe('WIN11-CSV-01');
    expect(value.windows).toEqual({
      productName: 'Microsoft Windows 11 Enterprise',
      build: '10.0.22631',
      kbs: ['KB5027397', 'KB5034467', 'KB5034765'],
    });
    expect(diagnostics).toEqual([]);
  });

  it.each`
    line                  | cells
    ${'"a","b,c","d""e"'} | ${['a', 'b,c', 'd"e']}
    ${'"a",,"c"'}         | ${['a', '', 'c']}
    ${'"unterminated,x'}  | ${['unterminated,x']}
  `('splitCsv($line)', ({ line, cells }) => {
    expect(splitCsv(line)).toEqual(cells);
  });

  it('a CP866 Russian systeminfo still yields build and KBs', () => {
    const { value } = parseInventory(read('ru_10_22H2_systeminfo.cp866.txt'));

    expect(value.windows).toMatchObject({
      build: '10.0.19045',
      kbs: ['KB5011048', 'KB5015684', 'KB5032005', 'KB5032907', 'KB5033372'],
    });
  });

  it('warns that the Windows 7 systeminfo lists only 245 of 271 hotfixes', () => {
    const { diagnostics } = parseInventory(read('7_sp1_x64_enterprise_en-us_B_systeminfo.txt'), {
      fileName: 'si.txt',
    });

    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('announces 271 hotfixes but lists 245'),
        location: { file: 'si.txt', line: 4 },
      }),
    ]);
  });

  it('reads UTF-16LE wmic qfe output; the build comes from --platform', () => {
    const { value, diagnostics } = parseInventory(read('7_sp1_x64_enterprise_en-us_B_qfe.txt'), {
      platform: { family: 'windows', release: '6.1.7601' },
    });

    expect(value.windows?.kbs).toHaveLength(271);
    expect(value.windows?.kbs).toContain('KB4467107');
    expect(value.windows?.build).toBe('6.1.7601');
    expect(value.hostname).toBe('WIN7SP1X64');
    expect(diagnostics).toEqual([]);
  });

  it('systeminfo plus qfe in one file unions the KBs', () => {
    const text =
      read('srv_2012r2_u1_systeminfo.txt').toString('latin1') +
      '\r\n' +
      new TextDecoder('utf-16le').decode(read('srv_2012r2_u1_qfe.txt').subarray(2));

    const { value } = parseInventory(text);

    expect(value.windows).toMatchObject({ build: '6.3.9600' });
    expect(value.windows?.kbs).toHaveLength(154);
  });

  it.each`
    text                                                                                                                                 | ubr
    ${'Host Name:   H\r\nOS Name:     Microsoft Windows 10 Pro\r\nOS Version:  10.0.19045.3803 N/A Build 19045.3803\r\n'}                | ${3803}
    ${'Host Name:   H\nOS Name:     Microsoft Windows 10 Pro\nOS Version:  10.0.19045 N/A Build 19045\n    UBR    REG_DWORD    0xedb\n'} | ${3803}
    ${'Host Name:   H\nOS Name:     Microsoft Windows 10 Pro\nOS Version:  10.0.19045 N/A Build 19045\n'}                                | ${undefined}
  `('UBR $ubr', ({ text, ubr }) => {
    expect(parseInventory(text).value.windows?.ubr).toBe(ubr);
  });

  it('Get-HotFix output gives KBs and the host name', () => {
    const { value } = parseInventory(read('get-hotfix.txt'));

    expect(value.windows?.kbs).toEqual(['KB5012170', 'KB5020874', 'KB5022507', 'KB5022842']);
    expect(value.hostname).toBe('WIN-SRV22-01');
    expect(value.platform).toBeNull();
  });

  it('wmic qfe list /format:list lines give KBs; a non-KB HotFixID is a warning', () => {
    const text =
      '\r\nCaption=http://support.microsoft.com/?kbid=2894852\r\nHotFixID=KB2894852\r\n\r\nHotFixID=File 1\r\nHotFixID=kb2919355\r\n';

    const { value, diagnostics } = parseInventory(text, {
      fileName: 'qfe.txt',
      platform: { family: 'windows', release: '6.3.9600' },
    });

    expect(value.windows?.kbs).toEqual(['KB2894852', 'KB2919355']);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        message: 'HotFixID "File 1" is not a KB number',
        location: { file: 'qfe.txt', line: 5 },
      },
    ]);
  });

  it('Get-HotFix | Format-List output gives KBs', () => {
    const text =
      '\r\nSource      : WIN-SRV22-01\r\nDescription : Update\r\nHotFixID    : KB5020874\r\nInstalledBy : NT AUTHORITY\\SYSTEM\r\n\r\nSource      : WIN-SRV22-01\r\nDescription : Security Update\r\nHotFixID    : KB5022842\r\n';

    const { value } = parseInventory(text, {
      platform: { family: 'windows', release: '10.0.20348' },
    });

    expect(value.windows?.kbs).toEqual(['KB5020874', 'KB5022842']);
  });

  it('text with neither systeminfo nor a hotfix table is INVENTORY_INVALID', () => {
    expect(() =>
      parseInventory('Microsoft Windows\nnothing else\n', { format: 'windows', fileName: 'w.txt' }),
    ).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'w.txt', line: 1 },
      }),
    );
  });
});
