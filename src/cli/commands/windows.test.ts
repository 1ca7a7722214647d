import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const sample = fileURLToPath(
  new URL('../../../samples/policy/patchline-policy.yaml', import.meta.url),
);

interface Listed {
  window: string;
  localStart: string;
  freeze?: { name: string; allow: string[] };
}

async function listed(args: string[]): Promise<Listed[]> {
  const r = await runCli(['windows', 'next', '--policy', sample, '--json', ...args]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { windows: Listed[] }).windows;
}

describe('cli/commands/windows', () => {
  it('lists the next windows of the tier the labels place the asset in, freeze-marked', async () => {
    const list = await listed([
      '--asset-labels',
      'env=prod,app=payments',
      '--from',
      '2026-12-10T00:00:00Z',
      '--count',
      '3',
    ]);

    expect(list.map((w) => [w.window, w.localStart, w.freeze?.name ?? ''])).toEqual([
      ['prod-sunday-early', '2026-12-13T02:30:00+01:00', ''],
      ['prod-sunday-early', '2026-12-20T02:30:00+01:00', 'year-end-2026'],
      ['prod-sunday-early', '2026-12-27T02:30:00+01:00', 'year-end-2026'],
    ]);
    expect(list[1]!.freeze?.allow).toEqual(['critical']);
  });

  it.each`
    args                                                            | first
    ${['--tier', 'standard']}                                       | ${'2026-12-10T01:00:00-05:00'}
    ${['--tier', 'dev']}                                            | ${'2026-12-10T12:00:00Z'}
    ${['--tier', 'critical-prod', '--skip-frozen', '--count', '2']} | ${'2026-12-13T02:30:00+01:00'}
  `('$args starts at $first', async ({ args, first }) => {
    const list = await listed([...(args as string[]), '--from', '2026-12-10T00:00:00Z']);

    expect(list[0]!.localStart).toBe(first);
    expect(
      list.every((w) => w.freeze === undefined || !(args as string[]).includes('--skip-frozen')),
    ).toBe(true);
  });

  it('prints a table for people', async () => {
    const r = await runCli([
      'windows',
      'next',
      '--policy',
      sample,
      '--tier',
      'dev',
      '--from',
      '2026-12-21T00:00:00Z',
      '--count',
      '1',
    ]);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dev-daily .*2026-12-21T12:00:00Z/);
    expect(r.stdout).toMatch(/year-end-2026: Year-end trading peak/);
  });

  it.each`
    args                       | code | error
    ${['--count', '0']}        | ${2} | ${/--count must be a positive/}
    ${['--from', 'yesterday']} | ${2} | ${/is not an ISO 8601 time/}
    ${['--tier', 'gold']}      | ${2} | ${/no tier named "gold"/}
  `('rejects $args', async ({ args, code, error }) => {
    const r = await runCli(['windows', 'next', '--policy', sample, ...(args as string[])]);

    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(error);
  });
});
