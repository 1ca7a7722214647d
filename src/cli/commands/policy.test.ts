import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const path = (p: string): string => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const sample = path('samples/policy/patchline-policy.yaml');
const broken = path('src/policy/__fixtures__/split-bad');

describe('cli/commands/policy', () => {
  it('check: exits 0 with a short summary for the sample', async () => {
    const r = await runCli(['policy', 'check', sample, '--at', '2026-11-27']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid policy, version 1, sha256 [0-9a-f]{64}/);
    expect(r.stdout).toMatch(/3 tiers \(critical-prod, standard, dev\)/);
  });

  it('check: exits 2 and prints every problem as file:line:col: message', async () => {
    const r = await runCli(['policy', 'check', broken]);

    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${broken}/20-more.yaml:6:15: unknown time zone "Nowhere/Zone"`);
    expect(lines[1]).toMatch(/20-more\.yaml:9:22: unknown tier "gold"/);
    expect(r.stderr).toMatch(/POLICY_INVALID: 3 problems in policy/);
  });

  it('check --json: problems with positions, exit 2; hash when valid', async () => {
    const bad = await runCli(['policy', 'check', broken, '--json']);
    const good = await runCli(['policy', 'check', sample, '--json', '--at', '2026-11-27']);

    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      valid: false,
      hash: null,
      problems: expect.arrayContaining([
        expect.objectContaining({
          line: 6,
          column: 15,
          severity: 'error',
          pointer: '/windows/0/timezone',
        }),
      ]),
    });
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      valid: true,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      problems: [],
    });
  });

  it('check: a missing path is bad input', async () => {
    const r = await runCli(['policy', 'check', '/nonexistent.yaml']);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NOT_FOUND/);
  });

  it('schema: prints the JSON Schema', async () => {
    const r = await runCli(['policy', 'schema']);

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      title: 'Patchline policy (version 1)',
      type: 'object',
    });
  });

  it('check: warns (exit 0) about waivers expired as of --at', async () => {
    const r = await runCli(['policy', 'check', sample, '--at', '2026-12-06T00:00:00Z']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /patchline-policy\.yaml:\d+:\d+: warning: waiver WVR-2026-014 expired on 2026-12-05/,
    );
    expect(r.stdout).toMatch(/valid policy/);
  });

  it('check: rejects an --at that is not a time', async () => {
    const r = await runCli(['policy', 'check', sample, '--at', 'soon']);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--at soon is not an ISO 8601 time/);
  });
});
