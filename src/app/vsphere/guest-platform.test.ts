import { describe, expect, it } from 'vitest';
import { platformFromGuest } from './guest-platform.js';

describe('app/vsphere/guest-platform', () => {
  it.each`
    fullName                                    | guestId                     | platform
    ${'Debian GNU/Linux 12 (64-bit)'}           | ${'debian10_64Guest'}       | ${'debian:12'}
    ${'Ubuntu 22.04.4 LTS'}                     | ${'ubuntu64Guest'}          | ${'ubuntu:22.04'}
    ${'Red Hat Enterprise Linux 9 (64-bit)'}    | ${undefined}                | ${'rhel:9'}
    ${'AlmaLinux 9.3 (Shamrock Pampas Cat)'}    | ${undefined}                | ${'almalinux:9'}
    ${'Rocky Linux 8.9 (Green Obsidian)'}       | ${undefined}                | ${'rocky:8'}
    ${'Microsoft Windows Server 2022 (64-bit)'} | ${undefined}                | ${'windows:10.0.20348:server:x64'}
    ${'Ubuntu Linux (64-bit)'}                  | ${'ubuntu64Guest'}          | ${null}
    ${undefined}                                | ${'debian12_64Guest'}       | ${'debian:12'}
    ${undefined}                                | ${'rhel8_64Guest'}          | ${'rhel:8'}
    ${undefined}                                | ${'windows2019srv_64Guest'} | ${'windows:10.0.17763:server:x64'}
    ${'Other Linux (64-bit)'}                   | ${'otherGuest'}             | ${null}
    ${undefined}                                | ${undefined}                | ${null}
  `('$fullName / $guestId → $platform', ({ fullName, guestId, platform }) => {
    expect(platformFromGuest(fullName, guestId)).toBe(platform);
  });
});
