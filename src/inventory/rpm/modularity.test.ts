import { describe, expect, it } from 'vitest';
import { parseInventory } from '../index.js';
import { rpmQueryFormat } from './index.js';

const tsv = (rows: readonly string[]) => `${rows.join('\n')}\n`;

describe('inventory/rpm/modularity', () => {
  it('collects the modularity label as the seventh column', () => {
    expect(rpmQueryFormat.split('\\t')).toHaveLength(7);
    expect(rpmQueryFormat).toContain('%{MODULARITYLABEL}');
  });

  it.each`
    label                                      | expected
    ${'(none)'}                                | ${''}
    ${'ruby:2.7:8030020200921164007:229f0a1c'} | ${'ruby:2.7:8030020200921164007:229f0a1c'}
  `(
    'reads label $label as "$expected"',
    ({ label, expected }: { label: string; expected: string }) => {
      const text = tsv([
        `ruby\t0\t2.7.1\t1.module_el8\tx86_64\truby-2.7.1-1.module_el8.src.rpm\t${label}`,
      ]);

      const [pkg] = parseInventory(text).value.packages;

      expect(pkg).toEqual({
        name: 'ruby',
        version: '2.7.1-1.module_el8',
        arch: 'x86_64',
        sourceName: 'ruby',
        sourceVersion: '2.7.1-1.module_el8',
        modularityLabel: expected,
      });
    },
  );

  it('leaves the label unreported in the older 6-column form', () => {
    const text = tsv(['bash\t0\t5.1.8\t6.el9\tx86_64\tbash-5.1.8-6.el9.src.rpm']);

    const [pkg] = parseInventory(text).value.packages;

    expect(pkg).not.toHaveProperty('modularityLabel');
  });

  it('refuses a label with blanks, naming the line', () => {
    const text = tsv([
      'bash\t0\t5.1.8\t6.el9\tx86_64\tbash-5.1.8-6.el9.src.rpm\t(none)',
      'ruby\t0\t2.7\t1\tx86_64\truby-2.7-1.src.rpm\truby 2.7',
    ]);

    const r = parseInventory(text);

    expect(r.value.packages.map((p) => p.name)).toEqual(['bash']);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        severity: 'error',
        location: expect.objectContaining({ line: 2 }),
      }),
    ]);
  });

  it.each`
    json                                                             | expected
    ${{ modularityLabel: 'nodejs:18:8090020231019152822:b0a0a0a0' }} | ${'nodejs:18:8090020231019152822:b0a0a0a0'}
    ${{ modularityLabel: '(none)' }}                                 | ${''}
    ${{ modularityLabel: '' }}                                       | ${''}
    ${{}}                                                            | ${undefined}
  `(
    'reads JSON modularityLabel $json',
    ({ json, expected }: { json: object; expected: string | undefined }) => {
      const text = JSON.stringify([
        { name: 'nodejs', version: '18.1', release: '1', arch: 'x86_64', ...json },
      ]);

      const [pkg] = parseInventory(text).value.packages;

      expect(pkg?.modularityLabel).toBe(expected);
    },
  );
});
