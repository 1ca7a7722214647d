import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/golden.js';
import { moduleOfFix, moduleOfSummary } from './module.js';
import { parseOsv } from './parse.js';

const dir = import.meta.dirname;

function modulesOf(name: string): Map<string, string | undefined> {
  const [a] = parseOsv({ name, bytes: readFixture(dir, name) }).advisories;
  return new Map(
    (a?.affected ?? []).map((e) => [
      e.kind === 'package' ? e.package : '',
      'module' in e ? e.module : undefined,
    ]),
  );
}

describe('advisories/osv/module', () => {
  // Summaries as the AlmaLinux and Rocky feeds write them (the first six are from the shared
  // data set; virt and container-tools follow Red Hat synopses).
  it.each`
    summary                                                           | module
    ${'Moderate: ruby:3.3 security, bug fix, and enhancement update'} | ${'ruby:3.3'}
    ${'Important: httpd:2.4/mod_http2 security update'}               | ${'httpd:2.4'}
    ${'Moderate: python3:3.6.8 security update'}                      | ${'python3:3.6.8'}
    ${'Important: pam:1.5.1 security update'}                         | ${'pam:1.5.1'}
    ${'Moderate: gnutls security update'}                             | ${undefined}
    ${'Important: .NET 6.0 security update'}                          | ${undefined}
    ${'Important: virt:rhel and virt-devel:rhel security update'}     | ${undefined}
    ${'Important: container-tools:4.0 security and bug fix update'}   | ${'container-tools:4.0'}
    ${undefined}                                                      | ${undefined}
  `('moduleOfSummary($summary) is $module', ({ summary, module }) => {
    expect(moduleOfSummary(summary)).toBe(module);
  });

  it.each`
    summaryModule      | fixed                                        | module
    ${'ruby:3.3'}      | ${'0:3.3.1-2.module+el9.4.0+20787+4c237fd3'} | ${'ruby:3.3'}
    ${'httpd:2.4'}     | ${'2.4.37-62.module_el8.9.0+3646+acd210d0'}  | ${'httpd:2.4'}
    ${'python3:3.6.8'} | ${'3.6.8-69.el8_10.alma.1'}                  | ${undefined}
    ${undefined}       | ${'2.4.37-62.module_el8.9.0+3646+acd210d0'}  | ${undefined}
    ${'ruby:3.3'}      | ${undefined}                                 | ${undefined}
  `('moduleOfFix($summaryModule, $fixed) is $module', ({ summaryModule, fixed, module }) => {
    expect(moduleOfFix(summaryModule, fixed)).toBe(module);
  });

  it.each`
    fixture                   | pkg                  | module
    ${'RLSA-2024_3671.json'}  | ${'ruby'}            | ${'ruby:3.3'}
    ${'RLSA-2024_3671.json'}  | ${'rubygem-pg'}      | ${'ruby:3.3'}
    ${'ALSA-2024_1786.json'}  | ${'httpd'}           | ${'httpd:2.4'}
    ${'ALSA-2024_1786.json'}  | ${'mod_http2'}       | ${'httpd:2.4'}
    ${'ALSA-2024_1786.json'}  | ${'mod_md'}          | ${'httpd:2.4'}
    ${'ALSA-2024_10779.json'} | ${'platform-python'} | ${undefined}
    ${'ALSA-2024_0310.json'}  | ${'openssl'}         | ${undefined}
  `('$fixture: $pkg is in $module', ({ fixture, pkg, module }) => {
    const modules = modulesOf(fixture);

    expect(modules.has(pkg)).toBe(true);
    expect(modules.get(pkg)).toBe(module);
  });

  it('ALSA-2024:1786 puts each of its eleven packages in httpd:2.4', () => {
    const modules = [...modulesOf('ALSA-2024_1786.json').values()];

    expect(modules).toHaveLength(11);
    expect(new Set(modules)).toEqual(new Set(['httpd:2.4']));
  });
});
