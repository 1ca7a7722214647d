import { describe, expect, it } from 'vitest';
import { ecosystemTarget } from './ecosystem.js';

describe('advisories/osv/ecosystem', () => {
  it.each`
    ecosystem                 | platform          | kind
    ${'Debian:12'}            | ${'debian:12'}    | ${'source'}
    ${'Debian:4.0'}           | ${'debian:4'}     | ${'source'}
    ${'Debian:3.0'}           | ${'debian:3.0'}   | ${'source'}
    ${'Debian:3.1'}           | ${'debian:3.1'}   | ${'source'}
    ${'Ubuntu:22.04:LTS'}     | ${'ubuntu:22.04'} | ${'source'}
    ${'Ubuntu:Pro:16.04:LTS'} | ${'ubuntu:16.04'} | ${'source'}
    ${'Ubuntu:24.10'}         | ${'ubuntu:24.10'} | ${'source'}
    ${'AlmaLinux:9'}          | ${'almalinux:9'}  | ${'binary'}
    ${'Rocky Linux:8'}        | ${'rocky:8'}      | ${'binary'}
    ${'Alpine:v3.18'}         | ${'alpine:3.18'}  | ${'source'}
  `('maps $ecosystem to $platform ($kind)', ({ ecosystem, platform, kind }) => {
    expect(ecosystemTarget(ecosystem)).toEqual({ platform, packageKind: kind });
  });

  it.each([
    ['npm'],
    ['Debian'],
    ['Debian:bookworm'],
    ['Ubuntu:Pro'],
    ['AlmaLinux:9.2'],
    ['Alpine:edge'],
    [''],
  ])('does not map %s', (ecosystem) => {
    expect(ecosystemTarget(ecosystem)).toBeUndefined();
  });
});
