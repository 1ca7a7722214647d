import { readdirSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareTagged, getScheme, schemes } from './registry.js';
import type { VersioningScheme } from './types.js';

const here = new URL('./', import.meta.url);
const folders = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`${d.name}/index.ts`, here)))
  .map((d) => d.name)
  .sort();

describe('versioning/registry', () => {
  it('registers exactly one scheme per scheme folder', () => {
    expect([...schemes.keys()].sort()).toEqual(folders);
  });

  it.each(folders)(
    'scheme in %s/ has id, exports and readme matching its folder',
    async (folder) => {
      const mod = (await import(/* @vite-ignore */ new URL(`${folder}/index.ts`, here).href)) as {
        id: string;
      };

      const scheme: VersioningScheme = getScheme(folder);

      expect(scheme.id).toBe(folder);
      expect(mod.id).toBe(folder);
      expect(scheme.urls.length).toBeGreaterThan(0);
      expect(existsSync(new URL(`${folder}/readme.md`, here))).toBe(true);
    },
  );

  it.each(['kb', 'deb', '', 'DPKG'])('getScheme(%j) throws SCHEME_UNKNOWN', (id) => {
    expect(() => getScheme(id)).toThrow(expect.objectContaining({ code: 'SCHEME_UNKNOWN' }));
  });

  it.each`
    a                                         | b                                       | expected
    ${{ scheme: 'dpkg', version: '1.0~rc1' }} | ${{ scheme: 'dpkg', version: '1.0' }}   | ${-1}
    ${{ scheme: 'rpm', version: '1.0^git1' }} | ${{ scheme: 'rpm', version: '1.0' }}    | ${1}
    ${{ scheme: 'apk', version: '1.0-r1' }}   | ${{ scheme: 'apk', version: '1.0-r1' }} | ${0}
  `('compareTagged($a.version, $b.version) is $expected', ({ a, b, expected }) => {
    expect(compareTagged(a, b)).toBe(expected);
  });

  it.each`
    a                                       | b
    ${{ scheme: 'dpkg', version: '1.0' }}   | ${{ scheme: 'rpm', version: '1.0' }}
    ${{ scheme: 'apk', version: '1.0-r0' }} | ${{ scheme: 'dpkg', version: '1.0-0' }}
  `('refuses to compare $a.scheme with $b.scheme', ({ a, b }) => {
    expect(() => compareTagged(a, b)).toThrow(
      expect.objectContaining({ code: 'VERSION_SCHEME_MISMATCH' }),
    );
  });

  it('refuses parsed versions of another scheme', () => {
    const deb = getScheme('dpkg').parse('1.0-1');
    const rpm = getScheme('rpm').parse('1.0-1');

    expect(() => getScheme('rpm').compareParsed(deb, rpm)).toThrow(
      expect.objectContaining({ code: 'VERSION_SCHEME_MISMATCH' }),
    );
  });
});
