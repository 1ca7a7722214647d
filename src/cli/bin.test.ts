import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageVersion } from '../../test/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'patchline.js');
let dir: string;

/** Runs a shell line with `$PL` bound to the real CLI, as a user's shell would. */
function sh(line: string) {
  const r = spawnSync('bash', ['-c', `set -o pipefail; PL="node ${bin}"; ${line}`], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATCHLINE_HOME: dir },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function newestSource(d: string): number {
  return Math.max(
    ...readdirSync(d, { withFileTypes: true }).map((e) => {
      const p = join(d, e.name);
      if (e.isDirectory()) return newestSource(p);
      return e.name.endsWith('.test.ts') ? 0 : statSync(p).mtimeMs;
    }),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-bin-'));
  // 200,000 comparisons print 600 kB: far more than a pipe holds, so the writer outlives `head`.
  writeFileSync(join(dir, 'pairs.tsv'), '1.0\t1.1\n'.repeat(200_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli/bin (the process)', () => {
  // A checkout edited since the last build rebuilds on its first run (about 15 s on a busy
  // machine) and says so on stderr; the runs after it must find dist/ current and be silent.
  it('runs a current build and prints the version from package.json', { timeout: 180_000 }, () => {
    const first = sh('$PL --version');
    expect(first).toMatchObject({ code: 0, stdout: `${packageVersion}\n` });

    const flag = sh('$PL --version');
    const word = sh('$PL version');

    expect(flag).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
    expect(word).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
    const stamp = statSync(join(root, 'dist', '.build-stamp')).mtimeMs;
    expect(stamp).toBeGreaterThanOrEqual(newestSource(join(root, 'src')));
  });

  it('ends quietly with exit 0 when the reader closes the pipe early', { timeout: 60_000 }, () => {
    const r = sh(
      '$PL version compare --scheme dpkg --batch pairs.tsv 2>err.txt | head -1; ' +
        'echo "status ${PIPESTATUS[0]}"; cat err.txt',
    );

    expect(r.stdout).toBe('-1\nstatus 0\n');
    expect(r.stderr).toBe('');
  });

  it('keeps the exit code of a failing command, and --json puts the error on stdout', () => {
    const r = sh('$PL feeds reparse nosuch --json');

    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('nosuch'), where: null },
    });
  });
});
