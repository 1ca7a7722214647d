import { describe, expect, it } from 'vitest';
import { editDpkgStatus } from './dpkg-status-edit.js';

const status = [
  'Package: libssl3\nStatus: install ok installed\nSource: openssl\nVersion: 3.0.19-1~deb12u2',
  'Package: openssl\nStatus: install ok installed\nVersion: 3.0.19-1~deb12u2',
  'Package: tar\nStatus: install ok installed\nVersion: 1.34+dfsg-1.2+deb12u1',
  '',
].join('\n\n');

describe('engine/oracles/dpkg-status-edit', () => {
  it.each`
    pkg          | edit                                                                        | stanza
    ${'libssl3'} | ${{ version: '3.0.11-1~deb12u1+b1', source: 'openssl (3.0.11-1~deb12u1)' }} | ${'Package: libssl3\nStatus: install ok installed\nSource: openssl (3.0.11-1~deb12u1)\nVersion: 3.0.11-1~deb12u1+b1'}
    ${'openssl'} | ${{ version: '3.0.11-1~deb12u1' }}                                          | ${'Package: openssl\nStatus: install ok installed\nVersion: 3.0.11-1~deb12u1'}
    ${'openssl'} | ${{ version: '3.0.11-1', source: 'openssl (3.0.11-1)' }}                    | ${'Package: openssl\nStatus: install ok installed\nSource: openssl (3.0.11-1)\nVersion: 3.0.11-1'}
  `('rewrites $pkg and nothing else', ({ pkg, edit, stanza }) => {
    const out = editDpkgStatus(status, { [pkg]: edit });

    const stanzas = out.split('\n\n');
    expect(stanzas).toContain(stanza);
    expect(stanzas.filter((s) => !s.startsWith(`Package: ${pkg}\n`))).toEqual(
      status.split('\n\n').filter((s) => !s.startsWith(`Package: ${pkg}\n`)),
    );
  });

  it('leaves the file as it was when no package is named', () => {
    expect(editDpkgStatus(status, { toString: { version: '1' } })).toBe(status);
  });
});
