import { describe, expect, it } from 'vitest';
import {
  packageModule,
  reasonNoFixStream,
  reasonNoLabel,
  streamFit,
  unknownModule,
} from './module-stream.js';
import { fix27, fix31, moduleFix } from './testing/modules.js';

const modularVersion = '2.7.6-138.module+el8.7.0+15054+a8d1e5c5';

describe('engine/module-stream', () => {
  it.each`
    label                                      | version               | module
    ${'ruby:2.7:8070020220719142356:ad008a3a'} | ${modularVersion}     | ${'ruby:2.7'}
    ${''}                                      | ${modularVersion}     | ${unknownModule}
    ${''}                                      | ${'2.5.9-110.el8'}    | ${''}
    ${undefined}                               | ${modularVersion}     | ${unknownModule}
    ${undefined}                               | ${'2.5.9-110.el8'}    | ${''}
    ${'garbage'}                               | ${modularVersion}     | ${unknownModule}
    ${undefined}                               | ${'3.0.11-1~deb12u2'} | ${''}
  `('packageModule($label, $version)', ({ label, version, module }) => {
    expect(packageModule(label, version)).toBe(module);
  });

  const m27 = moduleFix(fix27, 'ruby:2.7');
  const m31 = moduleFix(fix31, 'ruby:3.1');
  const hinted = moduleFix(fix27);
  const plain = moduleFix('2.5.9-111.el8');
  it.each`
    pkg              | entry     | fit
    ${'ruby:2.7'}    | ${m27}    | ${{ kind: 'applies' }}
    ${'ruby:2.7'}    | ${m31}    | ${{ kind: 'skip' }}
    ${'ruby:3.1'}    | ${m31}    | ${{ kind: 'applies' }}
    ${'ruby:2.7'}    | ${plain}  | ${{ kind: 'skip' }}
    ${'ruby:2.7'}    | ${hinted} | ${{ kind: 'unknown', reason: reasonNoFixStream }}
    ${''}            | ${m27}    | ${{ kind: 'skip' }}
    ${''}            | ${hinted} | ${{ kind: 'skip' }}
    ${''}            | ${plain}  | ${{ kind: 'applies' }}
    ${unknownModule} | ${m27}    | ${{ kind: 'unknown', reason: reasonNoLabel }}
    ${unknownModule} | ${hinted} | ${{ kind: 'unknown', reason: reasonNoLabel }}
    ${unknownModule} | ${plain}  | ${{ kind: 'skip' }}
  `('a $pkg package against fix $entry.fixed ($entry.module)', ({ pkg, entry, fit }) => {
    expect(streamFit(pkg, entry)).toEqual(fit);
  });
});
