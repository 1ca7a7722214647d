import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordClocks, type ComplianceReport } from '../app/compliance.js';
import { runDemo } from '../app/demo.js';
import { evaluateStored } from '../app/findings.js';
import { openStore } from '../app/open-store.js';
import { complianceFromStore, samplePolicyPath } from '../app/report.js';
import { toCsv } from '../cli/csv.js';
import { fixedClock } from '../domain/clock.js';
import { loadPolicy } from '../policy/index.js';
import { renderHtml } from './html.js';
import { complianceSections, summaryLine } from './sections.js';
import { complianceTable, overdueTable, waiverTable } from './tables.js';

let dir: string;
let report: ComplianceReport;

// The sample estate and feeds under the sample policy, first evaluated 2026-11-01, reported on
// 2026-11-27: what README's main job prints on that day.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-golden-'));
  const clock = fixedClock('2026-11-01T09:00:00Z');
  const store = await openStore(join(dir, 'p.db'), clock);
  try {
    await runDemo(store);
    await recordClocks(store, await evaluateStored(store), clock);
    const policy = loadPolicy(samplePolicyPath);
    report = await complianceFromStore(store, { policy, now: new Date('2026-11-27T09:00:00Z') });
  } finally {
    await store.close();
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('report/golden', () => {
  it.each`
    name                | table
    ${'compliance.csv'} | ${() => complianceTable(report)}
    ${'overdue.csv'}    | ${() => overdueTable(report)}
    ${'waivers.csv'}    | ${() => waiverTable(report)}
  `('$name', async ({ name, table }) => {
    const t = (table as () => ReturnType<typeof complianceTable>)();

    await expect(toCsv(t.head, t.rows)).toMatchFileSnapshot(`__golden__/${name}`);
  });

  it('compliance.html', async () => {
    const html = renderHtml({
      title: 'Patchline compliance report',
      meta: { 'as of': report.at, 'policy sha256': report.policyHash },
      sections: complianceSections(report, false),
    });

    await expect(html).toMatchFileSnapshot('__golden__/compliance.html');
  });

  it('summary line', () => {
    expect(summaryLine(report)).toMatchInlineSnapshot(
      `"9 assets: 3 compliant, 0 at risk, 6 overdue; 53 findings overdue, 0 waived; SLA adherence 41.8%; policy f39827ddee39"`,
    );
  });
});
