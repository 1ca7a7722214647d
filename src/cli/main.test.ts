import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { commandOf, wantsJson } from './main.js';

describe('cli/main', () => {
  it.each`
    argv                                                                  | code | error
    ${['inventory', 'parse', 'nosuch', '--json']}                         | ${2} | ${{ code: 'NOT_FOUND', where: 'nosuch' }}
    ${['inventory', 'parse', '--json']}                                   | ${2} | ${{ code: 'INPUT_INVALID', message: "missing required argument 'file'", where: null }}
    ${['assets', '--json', '--bogus']}                                    | ${2} | ${{ code: 'INPUT_INVALID', message: "unknown option '--bogus'" }}
    ${['demo', '--json', '--verbose']}                                    | ${2} | ${{ code: 'INPUT_INVALID', message: expect.stringContaining('cannot be used with option') }}
    ${['windows', 'next', '--policy', 'nosuch', '--json']}                | ${2} | ${{ code: 'NOT_FOUND', where: 'nosuch' }}
    ${['report', 'compliance', '--policy', 'nosuch', '--format', 'json']} | ${2} | ${{ code: 'NOT_FOUND', where: 'nosuch' }}
    ${['--json']}                                                         | ${2} | ${{ code: 'INPUT_INVALID' }}
  `('$argv: exit $code, and the error as JSON on stdout', async ({ argv, code, error }) => {
    const r = await runCli(argv);

    expect(r.code).toBe(code);
    expect(JSON.parse(r.stdout)).toEqual({ error: expect.objectContaining(error) });
    expect(r.stderr).not.toBe('');
  });

  it('prints errors for people only on stderr without --json', async () => {
    const r = await runCli(['inventory', 'parse', 'nosuch']);

    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error NOT_FOUND: nosuch: nosuch does not exist/);
  });

  it('needs a command: help on stderr, exit 2', async () => {
    const r = await runCli([]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: patchline');
    expect(r.stderr).toContain('Exit codes: 0 ok; 1 partial');
  });

  it.each`
    argv                                        | json
    ${['findings', '--json']}                   | ${true}
    ${['report', 'overdue', '--format=json']}   | ${true}
    ${['report', 'overdue', '--format', 'csv']} | ${false}
    ${['scan', '--', '--json']}                 | ${false}
  `('wantsJson($argv) = $json', ({ argv, json }) => {
    expect(wantsJson(argv)).toBe(json);
  });

  it.each`
    argv                                     | command
    ${['findings', '--json']}                | ${'findings'}
    ${['--at', '2026-01-01', 'report', 'x']} | ${'report'}
    ${['--wide', '--at=2026-01-01', 'scan']} | ${'scan'}
    ${['--help']}                            | ${undefined}
    ${['--', 'findings']}                    | ${undefined}
  `('commandOf($argv) = $command', ({ argv, command }) => {
    expect(commandOf(argv)).toBe(command);
  });

  it('still lists every command, and suggests one for a typo', async () => {
    const help = await runCli(['--help']);
    const typo = await runCli(['findngs']);

    for (const name of [
      'demo',
      'import',
      'evaluate',
      'findings',
      'exposure',
      'report',
      'vsphere',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('(Did you mean findings?)');
  });
});
