import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFiles } from './scan.js';

const dir = join(import.meta.dirname, '__fixtures__', 'scan');
const inventory = join(dir, 'ubi9-base.rpm-qa.json');

describe('app/scan', () => {
  it('finds what real AlmaLinux advisories say the UBI 9 image misses', async () => {
    const result = await scanFiles({
      inventories: [inventory],
      advisories: [join(dir, 'ALSA-2024_2447.json'), join(dir, 'ALSA-2024_9405.json')],
      platform: 'almalinux:9',
    });

    const rows = result.findings.map(
      (f) => `${f.advisory} ${f.package} ${f.installed} < ${f.fixed}`,
    );
    // Hand-checked: ubi9 ships openssl(-libs) 1:3.0.1-23.el9_0 and vim-minimal 2:8.2.2637-15.el9.
    expect(rows.sort()).toEqual([
      'ALSA-2024:2447 openssl 1:3.0.1-23.el9_0 < 1:3.0.7-27.el9',
      'ALSA-2024:2447 openssl-libs 1:3.0.1-23.el9_0 < 1:3.0.7-27.el9',
      'ALSA-2024:9405 vim-minimal 2:8.2.2637-15.el9 < 2:8.2.2637-21.el9',
    ]);
    expect(result.findings[0]?.cves).toContain('CVE-2023-3446');
  });

  it('matches nothing when the platform stream differs', async () => {
    const result = await scanFiles({ inventories: [inventory], advisories: [dir] });

    expect(result.assets[0]?.platform).toBe('rhel:9');
    expect(result.findings).toEqual([]);
  });

  it('reports a broken document and keeps the good ones', async () => {
    const result = await scanFiles({
      inventories: [inventory],
      advisories: [dir],
      platform: 'almalinux:9',
    });

    expect(result.advisoryCount).toBe(2);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        location: expect.objectContaining({ file: join(dir, 'broken.json') }),
      }),
    );
    expect(result.findings).toHaveLength(3);
  });
});
