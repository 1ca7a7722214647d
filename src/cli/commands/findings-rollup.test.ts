import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { useCliStore } from '../../../test/cli-store.js';

useCliStore('rollup');

interface Rollup {
  rows: { kb: string; cves: string[]; hosts: string[]; findings: number }[];
  findings: number;
  unassigned: number;
}

describe('cli/commands/findings --rollup', () => {
  it('--json places every open Windows finding of `findings` under one KB', async () => {
    const r = await runCli(['findings', '--rollup', '--json']);
    const all = await runCli(['findings', '--json']);
    const rollup = JSON.parse(r.stdout) as Rollup;
    const listed = JSON.parse(all.stdout) as {
      findings: { status: string; asset: string; evidence: { rule: string } }[];
    };
    const open = listed.findings.filter(
      (f) => f.evidence.rule === 'windows-kb' && f.status === 'open',
    );

    expect(r.code).toBe(0);
    expect(rollup.findings).toBe(open.length);
    expect(rollup.rows.reduce((n, x) => n + x.findings, 0)).toBe(open.length);
    expect(new Set(rollup.rows.flatMap((x) => x.hosts))).toEqual(new Set(open.map((f) => f.asset)));
  });

  it('prints a table and what the top KB clears', async () => {
    const r = await runCli(['findings', '--rollup']);
    const rollup = JSON.parse((await runCli(['findings', '--rollup', '--json'])).stdout) as Rollup;
    const top = rollup.rows[0]!;

    expect(r.code).toBe(0);
    const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
    expect(r.stdout).toContain(
      `${top.kb} clears ${n(top.cves.length, 'CVE')} on ${n(top.hosts.length, 'host')}`,
    );
    expect(r.stdout).toContain(`${rollup.findings} open Windows findings under`);
  });

  it('refuses filters it does not apply', async () => {
    const r = await runCli(['findings', '--rollup', '--asset', 'ad-01']);

    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--rollup.*cannot be used with option '--asset/);
  });

  it('the exposure report ends with the roll-up', async () => {
    const r = await runCli(['report', 'exposure']);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Windows updates to deploy');
  });
});
