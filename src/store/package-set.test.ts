import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../domain/inventory.js';
import { pkg } from './conformance.js';
import {
  canonicalize,
  diffAgainst,
  indexSet,
  packageKey,
  packageSetHash,
  sortedUnique,
} from './package-set.js';

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
    const base = indexSet(sortedUnique([a, b, c]));
    const newer = pkg('openssl', '3.0.16-1~deb12u1');

    const d = diffAgainst(base, sortedUnique([a, newer, b32]));

    expect(d).toMatchObject({ added: [b32, newer], removed: [b, c], changed: 1 });
  });

  it('returns a list that is already canonical as it is', () => {
    const list = [a, b, c];
    expect(sortedUnique(list)).toBe(list);
  });

  it('hashes a clone from its base like the clone on its own', () => {
    const arbPkg = fc
      .record({
        name: fc.constantFrom('bash', 'libc6', 'openssl', 'zlib1g', 'libkrb5-3', 'ñandú'),
        version: fc.constantFrom('1.0-1', '1.0-2', '2:1.0-1', '1.0-1+b1'),
        arch: fc.constantFrom('amd64', 'i386', 'all'),
        label: fc.constantFrom(undefined, '', 'bash:5:1:c', 'bash:4:1:c'),
      })
      .map(({ name, version, arch, label }): InstalledPackage => ({
        ...pkg(name, version, arch),
        ...(label !== undefined && { modularityLabel: label }),
      }));
    fc.assert(
      fc.property(
        fc.array(arbPkg, { maxLength: 30 }),
        fc.array(arbPkg, { maxLength: 30 }),
        fc.boolean(),
        (x, y, presorted) => {
          const base = indexSet(sortedUnique(x));
          const clone = sortedUnique(y);
          // Raw input takes the re-sort path; presorted input must pass the walk's own check.
          const d = diffAgainst(base, presorted ? [...clone] : y);
          expect(d.packages).toEqual(clone);
          expect(d.hash).toBe(packageSetHash(y));
          expect(base.hash).toBe(packageSetHash(x));
          const rebuilt = sortedUnique([
            ...base.packages.filter((p) => !d.removed.includes(p)),
            ...d.added,
          ]);
          expect(rebuilt).toEqual(clone);
        },
      ),
      { numRuns: 500 },
    );
  });

  describe('modularity labels', () => {
    const ruby = pkg('ruby-libs', '2.7.8-139.module_el8.8.0+3594+8c6e0e05', 'x86_64', 'ruby');
    const nonModular = { ...ruby, modularityLabel: '' };
    const labeled = { ...ruby, modularityLabel: 'ruby:2.7:8080020230427102918:8c6e0e05' };
    const other = { ...ruby, modularityLabel: 'ruby:3.1:8080020230427102918:8c6e0e05' };

    it('hashes a list without labels over the five fields, as stores written before did', () => {
      const lines = [a, ruby]
        .map((p) => [p.name, p.version, p.arch, p.sourceName, p.sourceVersion].join('\t'))
        .join('\n');

      expect(packageSetHash([ruby, a])).toBe(
        createHash('sha256').update(`${lines}\n`).digest('hex'),
      );
    });

    it('tells no label, no module and each label apart', () => {
      const keys = [ruby, nonModular, labeled, other].map(packageKey);
      const hashes = [ruby, nonModular, labeled, other].map((p) => packageSetHash([a, p]));

      expect(new Set(keys).size).toBe(4);
      expect(new Set(hashes).size).toBe(4);
    });

    it('keeps every variant of one NEVRA, no label first', () => {
      expect(sortedUnique([other, labeled, ruby, nonModular, labeled])).toEqual([
        ruby,
        nonModular,
        labeled,
        other,
      ]);
    });

    it('diffs a label change as one remove and one add, hashing like the list', () => {
      const base = indexSet(sortedUnique([a, ruby]));

      const d = diffAgainst(base, [a, labeled]);

      expect(d).toMatchObject({ added: [labeled], removed: [ruby], changed: 1 });
      expect(d.hash).toBe(packageSetHash([a, labeled]));
    });
  });
});
