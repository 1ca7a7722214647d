import { describe, expect, it } from 'vitest';
import { isModularRelease, moduleOfLabel } from './module-stream.js';

describe('domain/module-stream', () => {
  it.each`
    label                                                   | module
    ${'ruby:2.7:8030020200921164007:229f0a1c'}              | ${'ruby:2.7'}
    ${'python36:3.6:8040020241213073301:9bf6f064'}          | ${'python36:3.6'}
    ${'container-tools:rhel8:8060020220816080616:bd1311ed'} | ${'container-tools:rhel8'}
    ${'perl-DBI:1.641'}                                     | ${'perl-DBI:1.641'}
    ${'ruby'}                                               | ${undefined}
    ${':2.7:1:a'}                                           | ${undefined}
    ${'ruby::1:a'}                                          | ${undefined}
    ${''}                                                   | ${undefined}
    ${'ruby 2.7:x'}                                         | ${undefined}
  `('moduleOfLabel($label) is $module', ({ label, module }) => {
    expect(moduleOfLabel(label)).toBe(module);
  });

  it.each`
    evr                                          | modular
    ${'3.1.2-141.module+el8.6.0+16115+4a3d8f87'} | ${true}
    ${'0:3.3.1-2.module+el9.4.0+20787+4c237fd3'} | ${true}
    ${'2.4.37-62.module_el8.9.0+3646+acd210d0'}  | ${true}
    ${'1:2.0.8-8.module_el8.6.0+2872+fe0ff7aa'}  | ${true}
    ${'18.18.2-1.module_f38+17982+2e4d3a1b'}     | ${true}
    ${'3.6.8-69.el8_10.alma.1'}                  | ${false}
    ${'4.18.0-193.119.1.el8_2'}                  | ${false}
    ${'5.4.0-1.module.test.el8'}                 | ${false}
    ${'1.0.module+el8-1.el8'}                    | ${false}
    ${'nodash'}                                  | ${false}
  `('isModularRelease($evr) is $modular', ({ evr, modular }) => {
    expect(isModularRelease(evr)).toBe(modular);
  });
});
