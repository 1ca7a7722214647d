import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { minimalPolicy, policyText } from '../../policy/testing.js';
import { runCli } from '../../../test/cli.js';

let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-waivers-'));
  env = {
    PATCHLINE_HOME: dir,
    PATCHLINE_DATABASE_URL: join(dir, 'p.db'),
    PATCHLINE_ACTOR: 'alice',
  };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cli = (argv: readonly string[], actor = 'alice') =>
  runCli(argv, {
    env: { ...env, PATCHLINE_ACTOR: actor },
    clock: fixedClock('2026-12-07T10:00:00Z'),
  });

function file(name: string, doc: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, policyText(doc));
  return path;
}

describe('cli/commands/waivers', () => {
  it('policy upload refuses an invalid policy with every problem located, storing nothing', async () => {
    const bad = file('bad.yaml', { ...minimalPolicy(), assignment: { default: 'qa' } });

    const r = await cli(['policy', 'upload', bad]);

    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^bad\.yaml:\d+:\d+: .*unknown tier "qa"/m);
    expect(r.stderr).toContain('POLICY_INVALID');
    expect(JSON.parse((await cli(['policy', 'versions', '--json'])).stdout)).toEqual([]);
  });

  it('uploads, activates and diffs versions; windows then read the stored policy', async () => {
    const doc = minimalPolicy();
    await cli(['policy', 'upload', file('p.yaml', doc), '--comment', 'first']);
    await cli(['policy', 'upload', file('p.yaml', { ...doc, waiverApprovals: 2 })]);

    const noPolicy = await cli(['windows', 'next', '--count', '1']);
    const activate = await cli(['policy', 'activate', '2']);
    const windows = await cli(['windows', 'next', '--count', '1', '--json']);
    const diff = await cli(['policy', 'diff', '1', '2']);

    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toContain('activate one in the store');
    expect(activate.stdout).toBe('policy version 2 is active (was none)\n');
    expect(windows.code).toBe(0);
    expect((JSON.parse(windows.stdout) as { windows: unknown[] }).windows).toHaveLength(1);
    expect(diff.stdout).toContain('--- a/v1/p.yaml\n+++ b/v2/p.yaml\n');
    expect(diff.stdout).toContain('+waiverApprovals: 2\n');
    expect(diff.stdout).toContain('\nsettings changed: waiverApprovals\n');
  });

  it('keeps the requester from approving and needs two other approvers', async () => {
    await cli(['policy', 'upload', file('p.yaml', { ...minimalPolicy(), waiverApprovals: 2 })]);
    await cli(['policy', 'activate', '1']);
    const ask = await cli([
      'waivers',
      'request',
      '--cve',
      'cve-2024-3094',
      '--select',
      'env=dev',
      '--reason',
      'the fix breaks the build',
      '--expires',
      '2027-01-31',
    ]);

    const own = await cli(['waivers', 'approve', 'wr-1']);
    const bob = await cli(['waivers', 'approve', '1'], 'bob');
    const listed = await cli(['waivers', 'list', '--state', 'requested', '--json']);
    const carol = await cli(['waivers', 'approve', 'wr-1'], 'carol');

    expect(ask.stdout).toBe('requested waiver wr-1; it needs 2 approvers other than you\n');
    expect(own.code).toBe(2);
    expect(own.stderr).toContain('error SEPARATION_OF_DUTIES');
    expect(bob.stdout).toBe('wr-1: requested -> requested (needs 1 more approver)\n');
    expect(JSON.parse(listed.stdout)).toMatchObject([
      {
        id: 'wr-1',
        scope: { cve: 'CVE-2024-3094', selector: { match: { env: 'dev' } } },
        requestedBy: 'user:alice',
        approvals: [{ approver: 'user:bob' }],
      },
    ]);
    expect(carol.stdout).toBe('wr-1: requested -> approved\n');
  });

  it('rejects with a reason and then refuses to approve', async () => {
    await cli(['policy', 'upload', file('p.yaml', minimalPolicy())]);
    await cli(['policy', 'activate', '1']);
    await cli([
      'waivers',
      'request',
      '--package',
      'xz',
      '--tier',
      'dev',
      '--reason',
      'r',
      '--expires',
      '2027-01-31',
    ]);

    const reject = await cli(['waivers', 'reject', 'wr-1', '--reason', 'fix it'], 'bob');
    const approve = await cli(['waivers', 'approve', 'wr-1'], 'carol');
    const list = await cli(['waivers', 'list']);

    expect(reject.stdout).toBe('wr-1: requested -> rejected\n');
    expect(approve.code).toBe(2);
    expect(approve.stderr).toContain('error CONFLICT');
    expect(list.stdout).toMatch(/wr-1 .*rejected .*fix it/);
  });
});
