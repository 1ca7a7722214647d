import { describe, expect, it } from 'vitest';
import type { AffectedPackage } from '../../domain/index.js';
import { diagnosticSink } from '../common/document.js';
import { readFixture } from '../testing/golden.js';
import { placementOf } from './module.js';
import { parseCsaf } from './parse.js';
import { readProductTree } from './product-tree.js';
import type { CsafDocument } from './schema.js';

const dir = import.meta.dirname;

function packages(name: string): AffectedPackage[] {
  const outcome = parseCsaf({ name, bytes: readFixture(dir, name) });
  return (outcome.advisories[0]?.affected ?? []).filter((e) => e.kind === 'package');
}

/** A product tree in Red Hat's shape, for the forms the fixtures do not hold. */
function tree(
  products: readonly { id: string; purl?: string; cpe?: string }[],
  rels: readonly (readonly [string, string])[],
) {
  const doc = {
    product_tree: {
      full_product_names: products.map((p) => ({
        name: p.id,
        product_id: p.id,
        product_identification_helper: {
          ...(p.purl && { purl: p.purl }),
          ...(p.cpe && { cpe: p.cpe }),
        },
      })),
      relationships: rels.map(([pkg, to]) => ({
        category: 'default_component_of',
        full_product_name: { name: `${pkg} as a component of ${to}`, product_id: `${to}:${pkg}` },
        product_reference: pkg,
        relates_to_product_reference: to,
      })),
    },
  } as unknown as CsafDocument;
  return readProductTree(doc, diagnosticSink('csaf', 't.json'));
}

describe('advisories/csaf/module', () => {
  // RHSA-2025:0002 (python36:3.6): each package is a component of the module product
  // `python36:3.6:8040020241213073301:9bf6f064` (purl pkg:rpmmod/...), itself a component of
  // AppStream AUS/E4S/TUS 8.4.
  it.each`
    platform          | pkg                  | kind        | fixed
    ${'rhel:8.4-aus'} | ${'python36'}        | ${'binary'} | ${'3.6.8-2.module+el8.4.0+15040+36b018e7.1'}
    ${'rhel:8.4-e4s'} | ${'python36'}        | ${'source'} | ${'3.6.8-2.module+el8.4.0+15040+36b018e7.1'}
    ${'rhel:8.4-tus'} | ${'python3-PyMySQL'} | ${'binary'} | ${'0.10.1-2.module+el8.4.0+9657+a4b6a102'}
  `(
    'RHSA-2025:0002 $pkg ($kind) on $platform is in python36:3.6',
    ({ platform, pkg, kind, fixed }) => {
      const entry = packages('rhsa-2025_0002.json').find(
        (e) => e.platform === platform && e.package === pkg && e.packageKind === kind,
      );

      expect(entry).toMatchObject({ module: 'python36:3.6', status: 'fixed', fixed });
    },
  );

  it('RHSA-2025:0002: every entry carries the stream; the module products are not packages', () => {
    const outcome = parseCsaf({ name: 'r', bytes: readFixture(dir, 'rhsa-2025_0002.json') });
    const all = outcome.advisories[0]?.affected ?? [];

    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((e) => ('module' in e ? e.module : undefined)))).toEqual(
      new Set(['python36:3.6']),
    );
    expect(all.some((e) => e.kind === 'package' && e.package.startsWith('python36:'))).toBe(false);
    expect(outcome.diagnostics).toEqual([]);
  });

  it('a non-modular RHSA gets no module', () => {
    expect(packages('rhsa-2023_7434.json').filter((e) => e.module !== undefined)).toEqual([]);
  });

  const appstream = { id: 'AS', cpe: 'cpe:/a:redhat:enterprise_linux:8::appstream' };
  const nsvc = 'ruby:2.7:8070020220719142356:ad008a3a';
  const src27 = 'ruby-0:2.7.8-139.module+el8.8.0+1+a.src';
  const src31 = 'ruby-0:3.1.4-1.module+el8.8.0+1+a.src';
  const rpmmod31 = 'rpmmod=ruby:3.1:8080020230427102918:63b34585';
  it.each([
    {
      form: 'package under an rpmmod module product',
      products: [
        { id: nsvc, purl: `pkg:rpmmod/redhat/ruby@${nsvc.slice(5)}` },
        { id: src27 },
        appstream,
      ],
      rels: [
        [nsvc, 'AS'],
        [src27, `AS:${nsvc}`],
      ],
      placement: { platformRef: 'AS', module: 'ruby:2.7' },
    },
    {
      form: 'package purl with an rpmmod qualifier',
      products: [
        {
          id: src31,
          purl: `pkg:rpm/redhat/ruby@3.1.4-1.module%2Bel8.8.0%2B1%2Ba?arch=src&${rpmmod31}`,
        },
        appstream,
      ],
      rels: [[src31, 'AS']],
      placement: { platformRef: 'AS', module: 'ruby:3.1' },
    },
    {
      form: 'VEX unfixed component ruby:2.5/ruby',
      products: [
        { id: 'ruby:2.5/ruby', purl: 'pkg:rpm/redhat/ruby' },
        { id: 'rhel8', cpe: 'cpe:/o:redhat:enterprise_linux:8' },
      ],
      rels: [['ruby:2.5/ruby', 'rhel8']],
      placement: { platformRef: 'rhel8', module: 'ruby:2.5' },
    },
    {
      form: 'non-modular package',
      products: [{ id: 'ruby-0:2.5.9-111.el8.src' }, appstream],
      rels: [['ruby-0:2.5.9-111.el8.src', 'AS']],
      placement: { platformRef: 'AS' },
    },
  ] as const)('places a $form', ({ products, rels, placement }) => {
    const t = tree(products, rels);
    const [pkg, to] = rels[rels.length - 1] ?? ['', ''];

    const rel = t.relationshipById.get(`${to}:${pkg}`);

    expect(rel && placementOf(rel, t)).toEqual(placement);
  });
});
