import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion, runCli } from '../../../test/cli.js';

function batchFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'patchline-version-')), 'pairs.tsv');
  writeFileSync(file, text);
  return file;
}

describe('cli/commands/version', () => {
  it.each`
    scheme    | a             | b        | out
    ${'dpkg'} | ${'1.0~rc1'}  | ${'1.0'} | ${'-1'}
    ${'dpkg'} | ${'1:0.1'}    | ${'9.9'} | ${'1'}
    ${'rpm'}  | ${'1.0^git1'} | ${'1.0'} | ${'1'}
    ${'rpm'}  | ${'2.0'}      | ${'2_0'} | ${'0'}
    ${'apk'}  | ${'1.2_rc1'}  | ${'1.2'} | ${'-1'}
  `('compare --scheme $scheme $a $b prints $out', async ({ scheme, a, b, out }) => {
    const r = await runCli(['version', 'compare', '--scheme', scheme, a, b]);

    expect(r).toEqual({ code: 0, stdout: `${out}\n`, stderr: '' });
  });

  it('prints JSON with --json', async () => {
    const r = await runCli(['version', 'compare', '--scheme', 'rpm', '--json', '1:1', '2']);

    expect(JSON.parse(r.stdout)).toEqual({ scheme: 'rpm', a: '1:1', b: '2', result: 1 });
  });

  it.each`
    argv                                                      | error
    ${['--scheme', 'dpkg', '1.0-', '1.0']}                    | ${'VERSION_INVALID'}
    ${['--scheme', 'apk', '1.0', 'v2']}                       | ${'VERSION_INVALID'}
    ${['--scheme', 'kb', '1', '2']}                           | ${"argument 'kb' is invalid"}
    ${['--scheme', 'dpkg', '1.0']}                            | ${'two versions are required'}
    ${['--scheme', 'dpkg', '--batch', '/nonexistent/x', '1']} | ${'not both'}
    ${['--scheme', 'dpkg', '--batch', '/nonexistent/x']}      | ${'cannot read /nonexistent/x'}
  `('exits 2 on bad input: $error', async ({ argv, error }) => {
    const r = await runCli(['version', 'compare', ...argv]);

    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(error);
  });

  it('compares a batch file line by line, in order', async () => {
    const file = batchFile('# installed\tfixed\n1.0-1\t1.0-2\n\n2:1.0\t1:9.0\n1.0\t1.0-0\n');

    const r = await runCli(['version', 'compare', '--scheme', 'dpkg', '--batch', file]);

    expect(r).toEqual({ code: 0, stdout: '-1\n1\n0\n', stderr: '' });
  });

  it('reports bad batch lines with file:line on stderr, keeps the rest and exits 1', async () => {
    const file = batchFile('1.0\t1.1\n1.0-\t1\nonly-one-field\n2\t1\n');

    const r = await runCli(['version', 'compare', '--scheme', 'dpkg', '--batch', file]);

    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error PARTIAL: ${file}: 2 of 4 line(s) could not be compared`);
    expect(r.stdout).toBe('-1\n1\n');
    expect(r.stderr).toContain(
      `${file}:2:4: error: invalid dpkg version '1.0-': revision is empty`,
    );
    expect(r.stderr).toContain(`${file}:3: error: expected 2 tab-separated versions`);
  });

  it('prints batch results and errors as JSON with --json', async () => {
    const file = batchFile('1.0\t1.1\nlonely\n');

    const r = await runCli(['version', 'compare', '--scheme', 'rpm', '--batch', file, '--json']);

    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      scheme: 'rpm',
      results: [{ line: 1, a: '1.0', b: '1.1', result: -1 }],
      errors: [{ file, line: 2, message: 'expected 2 tab-separated versions, found 1 field(s)' }],
      error: { code: 'PARTIAL', message: '1 of 2 line(s) could not be compared', where: file },
    });
  });

  it('exits 2 when no batch line can be compared', async () => {
    const file = batchFile('lonely\n');

    const r = await runCli(['version', 'compare', '--scheme', 'rpm', '--batch', file]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error INPUT_INVALID: ${file}: 1 line(s) could not be compared`);
  });

  it.each`
    argv                     | stdout
    ${['version']}           | ${`${packageVersion}\n`}
    ${['--version']}         | ${`${packageVersion}\n`}
    ${['version', '--json']} | ${`${JSON.stringify({ version: packageVersion }, null, 2)}\n`}
  `('$argv prints the version from package.json', async ({ argv, stdout }) => {
    expect(await runCli(argv)).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('refuses an unknown argument to version with exit 2', async () => {
    const r = await runCli(['version', 'bogus', '--json']);

    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'INPUT_INVALID', message: expect.stringContaining('bogus'), where: null },
    });
  });
});
