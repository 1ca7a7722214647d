import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { fitColumns, headerWords, renderTable } from './output.js';

const longHome = `/tmp/${'very-long-folder-name/'.repeat(6)}patchline`;
const env = { PATCHLINE_HOME: longHome, PATCHLINE_ACTOR: 'tester' };
const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('cli/output', () => {
  it.each`
    natural         | width | fitted
    ${[10, 10]}     | ${40} | ${[10, 10]}
    ${[10, 60]}     | ${40} | ${[10, 27]}
    ${[30, 30, 30]} | ${40} | ${[12, 12, 12]}
    ${[4, 50, 50]}  | ${50} | ${[4, 21, 21]}
    ${[20, 20, 20]} | ${10} | ${[6, 6, 6]}
  `('fitColumns($natural, $width) = $fitted', ({ natural, width, fitted }) => {
    expect(fitColumns(natural, width)).toEqual(fitted);
  });

  it.each`
    head               | words
    ${'lastSyncAt'}    | ${'last sync at'}
    ${'last_sync_at'}  | ${'last sync at'}
    ${'cloned from'}   | ${'cloned from'}
    ${'CVEs'}          | ${'CVEs'}
    ${'packageCount'}  | ${'package count'}
    ${'At risk'}       | ${'At risk'}
    ${'SLA adherence'} | ${'SLA adherence'}
  `('headerWords($head) = $words', ({ head, words }) => {
    expect(headerWords(head)).toBe(words);
  });

  it('cuts cells with an ellipsis so no line is wider than the layout', () => {
    const text = renderTable(['name', 'url'], [['a', 'x'.repeat(100)]], { width: 30 });

    expect(widest(text)).toBeLessThanOrEqual(30);
    expect(text).toContain('…');
  });

  it.each`
    case                           | argv                    | columns      | cut
    ${'a narrow terminal'}         | ${['config']}           | ${50}        | ${true}
    ${'--wide on a terminal'}      | ${['config', '--wide']} | ${50}        | ${false}
    ${'--wide before the command'} | ${['--wide', 'config']} | ${50}        | ${false}
    ${'a pipe (not a terminal)'}   | ${['config']}           | ${undefined} | ${false}
  `('tables on $case: cut=$cut', async ({ argv, columns, cut }) => {
    const r = await runCli(argv, { env, ...(columns !== undefined && { columns }) });

    expect(r.code).toBe(0);
    if (cut) {
      expect(widest(r.stdout)).toBeLessThanOrEqual(columns);
      expect(r.stdout).toContain('…');
    } else {
      expect(r.stdout).toContain(longHome);
      expect(widest(r.stdout)).toBeGreaterThan(50);
    }
  });

  it('draws progress bars only on the injected stderr terminal', async () => {
    let drawn = '';
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        drawn += chunk.toString();
        done();
      },
    });
    const terminal = Object.assign(sink, { isTTY: true, columns: 80 });
    const dir = mkdtempSync(join(tmpdir(), 'patchline-progress-'));
    const feed = fileURLToPath(
      new URL('../advisories/fetch/__fixtures__/v3.16-main.json', import.meta.url),
    );
    const withDb = { ...env, PATCHLINE_DATABASE_URL: join(dir, 'p.db') };

    const piped = await runCli(['import', 'advisories', feed], { env: withDb });
    const onTerminal = await runCli(['import', 'advisories', feed], {
      env: withDb,
      progressStream: terminal,
    });
    rmSync(dir, { recursive: true, force: true });

    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(onTerminal.code).toBe(0);
    expect(drawn).toContain('import [');
  });
});
