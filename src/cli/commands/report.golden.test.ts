import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

// The sample estate and feeds under the sample policy, first evaluated 2026-11-01, reported on
// 2026-11-27: what README's main job prints on that day, through the CLI as people run it
// (`demo` without --json records the first-seen clocks as of its --at).
// Regenerate after a deliberate change with
//   npx vitest run --project unit src/cli/commands/report.golden.test.ts -u
// and read the diff of __golden__/report/ before committing it.
const root = join(import.meta.dirname, '../../..');
let dir: string;
let env: Record<string, string>;

const report = (...args: string[]) =>
  runCli(['report', ...args, '--policy', 'samples/policy', '--at', '2026-11-27T09:00:00Z'], {
    env,
    cwd: root,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-golden-'));
  env = { PATCHLINE_HOME: dir, PATCHLINE_DATABASE_URL: join(dir, 'p.db') };
  const demo = await runCli(['demo', '--at', '2026-11-01T09:00:00Z'], { env, cwd: root });
  expect(demo.code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('cli/commands/report golden', () => {
  it.each`
    name                 | args
    ${'compliance.csv'}  | ${['compliance', '--format', 'csv']}
    ${'overdue.csv'}     | ${['overdue', '--format', 'csv']}
    ${'waivers.csv'}     | ${['waivers', '--format', 'csv']}
    ${'compliance.html'} | ${['compliance', '--format', 'html']}
    ${'overdue.html'}    | ${['overdue', '--format', 'html']}
  `('$name', async ({ name, args }) => {
    const r = await report(...(args as string[]));

    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(`__golden__/report/${name}`);
  });

  it('summary line', async () => {
    const r = await report('compliance');

    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatchInlineSnapshot(
      `"9 assets: 2 compliant, 1 not assessed, 0 at risk, 6 overdue; 93 findings overdue, 0 waived; SLA adherence 0%; clocks from fix release; policy f39827ddee39"`,
    );
  });
});
