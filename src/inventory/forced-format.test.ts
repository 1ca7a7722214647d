import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InventoryFormat } from '../domain/inventory.js';
import { parseInventory } from './index.js';

// The sample estate shipped with Patchline (samples/estate/SOURCES.md).
const sampleEstateDir = join(import.meta.dirname, '../../samples/estate');
const sample = (name: string) => readFileSync(join(sampleEstateDir, name));

describe('inventory/forced-format', () => {
  it.each`
    file                           | format         | message
    ${'debian12-base.status'}      | ${'rpm'}       | ${'--format rpm: in is not rpm -qa query output (TSV or JSON) (it looks like dpkg status file: use --format dpkg or auto)'}
    ${'ubi9-base.rpm-qa.json'}     | ${'dpkg'}      | ${'--format dpkg: in is not dpkg status file (it looks like rpm -qa query output (TSV or JSON): use --format rpm or auto)'}
    ${'alpine318-base.installed'}  | ${'cyclonedx'} | ${'--format cyclonedx: in is not CycloneDX JSON SBOM (it looks like Alpine apk installed database: use --format apk or auto)'}
    ${'win10-22h2.systeminfo.txt'} | ${'apk'}       | ${'--format apk: in is not Alpine apk installed database (it looks like Windows systeminfo / wmic qfe / Get-HotFix: use --format windows or auto)'}
  `('refuses $file forced as $format, as a whole', ({ file, format, message }) => {
    expect(() =>
      parseInventory(sample(file), { format: format as InventoryFormat, fileName: 'in' }),
    ).toThrow(expect.objectContaining({ code: 'INVENTORY_INVALID', message }));
  });

  it('refuses a forced format when most records of an unrecognised file are unreadable', () => {
    const text = Array.from({ length: 50 }, (_, i) => `garbage line ${i}`).join('\n');

    expect(() => parseInventory(`${text}\n`, { format: 'rpm', fileName: 'in' })).toThrow(
      expect.objectContaining({ code: 'INVENTORY_INVALID' }),
    );
  });

  it.each`
    file                          | format
    ${'debian12-base.status'}     | ${'dpkg'}
    ${'ubi9-base.rpm-qa.json'}    | ${'rpm'}
    ${'alpine318-base.installed'} | ${'apk'}
  `('reads $file forced as its own format $format', ({ file, format }) => {
    const r = parseInventory(sample(file), { format: format as InventoryFormat, fileName: 'in' });

    expect(r.value.packages.length).toBeGreaterThan(0);
  });
});
