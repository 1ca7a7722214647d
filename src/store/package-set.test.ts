import { describe, expect, it } from 'vitest';
import { pkg } from './conformance.js';
import { canonicalize, diffPackages, packageSetHash } from './package-set.js';

const a = pkg('bash', '5.2.15-2+b7');
const b = pkg('libc6', '2.36-9+deb12u9', 'amd64', 'glibc');
const b32 = pkg('libc6', '2.36-9+deb12u9', 'i386', 'glibc');
const c = pkg('openssl', '3.0.15-1~deb12u1');

describe('store/package-set', () => {
  it.each([
    [
      [a, b, c],
      [c, b, a],
    ],
    [
      [a, b, c],
      [a, a, b, c, c],
    ],
    [[], []],
  ])('hashes %j like %j', (x, y) => {
    expect(packageSetHash(x)).toBe(packageSetHash(y));
  });

  it('hashes the empty list as SHA-256 of nothing', () => {
    expect(packageSetHash([])).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it.each([
    ['another arch', [a, b32]],
    ['another source version', [a, { ...b, sourceVersion: '2.36-9+deb12u8' }]],
    ['one more package', [a, b, c]],
  ])('tells %s apart', (_why, other) => {
    expect(packageSetHash(other)).not.toBe(packageSetHash([a, b]));
  });

  it('sorts by name, then arch, then version', () => {
    expect(canonicalize([c, b32, b, a]).packages).toEqual([a, b, b32, c]);
  });

  it('diffs against a base, counting version changes once', () => {
    const base = canonicalize([a, b, c]).packages;
    const newer = pkg('openssl', '3.0.16-1~deb12u1');

    const d = diffPackages(base, canonicalize([a, newer, b32]));

    expect(d).toEqual({ added: [b32, newer], removed: [b, c], changed: 1 });
  });
});
