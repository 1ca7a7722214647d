import { describe, expect, it } from 'vitest';
import { parseCsaf } from '../parse.js';

const enc = new TextEncoder();

function doc(overrides: {
  relationships?: unknown[];
  vulnerabilities?: unknown[];
  extra?: unknown[];
}) {
  const product = (id: string, extra: Record<string, unknown> = {}) => ({
    category: 'product_version',
    name: id,
    product: { name: id, product_id: id, ...extra },
  });
  return {
    document: {
      category: 'csaf_vex',
      csaf_version: '2.0',
      title: 't',
      tracking: {
        id: 'CVE-2024-0001',
        initial_release_date: '2024-01-01',
        current_release_date: '2024-01-02',
      },
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: 'Red Hat',
          branches: [
            product('rhel9', {
              product_identification_helper: { cpe: 'cpe:/o:redhat:enterprise_linux:9::baseos' },
            }),
            product('foo-0:1.0-1.el9.x86_64'),
            ...(overrides.extra ?? []),
          ],
        },
      ],
      relationships: overrides.relationships ?? [
        {
          category: 'default_component_of',
          full_product_name: { name: 'foo on rhel9', product_id: 'rhel9:foo' },
          product_reference: 'foo-0:1.0-1.el9.x86_64',
          relates_to_product_reference: 'rhel9',
        },
      ],
    },
    vulnerabilities: overrides.vulnerabilities ?? [
      { cve: 'CVE-2024-0001', product_status: { fixed: ['rhel9:foo'] } },
    ],
  };
}

function run(value: unknown) {
  return parseCsaf({ name: 'inline.json', bytes: enc.encode(JSON.stringify(value)) });
}

describe('advisories/csaf/checks', () => {
  it('accepts a clean document and resolves the NEVRA product id', () => {
    const outcome = run(doc({}));

    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.advisories[0]?.affected).toEqual([
      {
        kind: 'package',
        platform: 'rhel:9',
        package: 'foo',
        packageKind: 'binary',
        arch: ['x86_64'],
        status: 'fixed',
        fixed: '1.0-1.el9',
      },
    ]);
  });

  it.each`
    section    | input                                                                                                                                                                                               | pointer
    ${'6.1.1'} | ${doc({ vulnerabilities: [{ cve: 'CVE-2024-0001', product_status: { fixed: ['nope'] } }] })}                                                                                                        | ${'/vulnerabilities/0/product_status/fixed/0'}
    ${'6.1.2'} | ${doc({ extra: [{ category: 'product_version', name: 'x', product: { name: 'x', product_id: 'rhel9' } }] })}                                                                                        | ${'/product_tree/branches/0/branches/2/product'}
    ${'6.1.3'} | ${doc({ relationships: [{ category: 'default_component_of', full_product_name: { name: 'l', product_id: 'rhel9:foo' }, product_reference: 'rhel9:foo', relates_to_product_reference: 'rhel9' }] })} | ${'/product_tree/relationships/0'}
    ${'6.1.6'} | ${doc({ vulnerabilities: [{ cve: 'CVE-2024-0001', product_status: { fixed: ['rhel9:foo'], known_affected: ['rhel9:foo'] } }] })}                                                                    | ${'/vulnerabilities/0/product_status/known_affected'}
  `('reports §$section at $pointer', ({ section, input, pointer }) => {
    const outcome = run(input);

    const found = outcome.diagnostics.find((d) => d.message.includes(`§${section}`));

    expect(found?.severity).toBe('error');
    expect(found?.location.pointer).toBe(pointer);
  });

  it('reports a malformed vulnerability by its own index and keeps the others', () => {
    const outcome = run(
      doc({
        vulnerabilities: [
          { cve: 'CVE-2024-0001', product_status: { fixed: ['rhel9:foo'] } },
          { cve: 'CVE-2024-0002', product_status: { fixed: 'rhel9:foo' } },
        ],
      }),
    );

    expect(outcome.advisories[0]?.cves).toEqual(['CVE-2024-0001']);
    expect(outcome.diagnostics.map((d) => d.location.pointer)).toEqual([
      '/vulnerabilities/1/product_status/fixed',
    ]);
  });

  it('skips a product with contradicting statuses instead of guessing', () => {
    const outcome = run(
      doc({
        vulnerabilities: [
          {
            cve: 'CVE-2024-0001',
            product_status: { fixed: ['rhel9:foo'], known_affected: ['rhel9:foo'] },
          },
        ],
      }),
    );

    expect(outcome.advisories[0]?.affected).toEqual([]);
  });
});
