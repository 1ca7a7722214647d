import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleEstateDir } from '../../app/estate.js';
import { runCli } from '../../../test/cli.js';

const fixture = join(
  import.meta.dirname,
  '../../app/__fixtures__/debian-bookworm-osv-scalibr-valid.status',
);

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-import-'));
  vi.stubEnv('PATCHLINE_DATABASE_URL', join(dir, 'p.db'));
  vi.stubEnv('PATCHLINE_ACTOR', 'tester');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const common = [fixture, '--platform', 'debian:12'];

describe('cli/commands/import', () => {
  it('imports an image version and a clone, then lists both', async () => {
    const image = await runCli([
      'import',
      'inventory',
      ...common,
      '--name',
      'deb12@1',
      '--kind',
      'image',
    ]);
    const host = await runCli([
      'import',
      'inventory',
      ...common,
      '--name',
      'web-1',
      '--label',
      'env=prod',
      '--label',
      'app=shop',
      '--image-version',
      'deb12@1',
      '--json',
    ]);

    const assets = await runCli(['assets', '--json']);

    expect(image).toMatchObject({ code: 0, stderr: '' });
    expect(image.stdout).toMatch(
      /^imported image deb12@1 \(debian:12\): 7 packages, stored as package set [0-9a-f]{12}; not assessed — no loaded feed covers debian:12\n$/,
    );
    expect(host.code).toBe(0);
    expect(JSON.parse(host.stdout)).toMatchObject({
      created: true,
      inventory: { form: 'delta', packageCount: 7, added: 0, removed: 0, changed: 0 },
    });
    expect(assets.code).toBe(0);
    const listed = JSON.parse(assets.stdout) as { id: string; name: string }[];
    expect(listed).toEqual([
      {
        id: expect.any(String),
        kind: 'image',
        name: 'deb12@1',
        platform: 'debian:12',
        labels: {},
        clonedFrom: null,
        packageCount: 7,
        lastInventoryAt: expect.any(String),
      },
      {
        id: expect.any(String),
        kind: 'host',
        name: 'web-1',
        platform: 'debian:12',
        labels: { app: 'shop', env: 'prod' },
        clonedFrom: {
          id: listed[0]!.id,
          name: 'deb12@1',
          template: 'deb12',
          version: '1',
          via: 'declared',
          at: null,
        },
        packageCount: 7,
        lastInventoryAt: expect.any(String),
      },
    ]);
  });

  it('prints a table of assets', async () => {
    await runCli(['import', 'inventory', ...common, '--name', 'web-1', '--label', 'env=prod']);

    const out = await runCli(['assets']);

    expect(out.code).toBe(0);
    expect(out.stdout).toContain('web-1');
    expect(out.stdout).toContain('env=prod');
  });

  it.each`
    args                                | code | message
    ${['--image-version', 'missing@1']} | ${2} | ${'error NOT_FOUND: record missing@1: image version missing@1 is not known'}
    ${['--label', 'oops']}              | ${2} | ${'error INPUT_INVALID: record oops: label must be key=value: oops'}
    ${['--platform', 'plan9:4']}        | ${2} | ${'error PLATFORM_INVALID'}
  `('fails with exit $code on $args and stores nothing', async ({ args, code, message }) => {
    const out = await runCli(['import', 'inventory', fixture, '--name', 'web-1', ...args]);

    const assets = await runCli(['assets', '--json']);
    expect(out.code).toBe(code);
    expect(out.stderr).toContain(message);
    expect(JSON.parse(assets.stdout)).toEqual([]);
  });

  it('reads a directory as a root file system and names what it looked for', async () => {
    const out = await runCli(['import', 'inventory', dir, '--name', 'web-1']);

    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`error INVENTORY_INVALID: ${dir}: no package database in ${dir}`);
  });

  it.each`
    path                | code           | words
    ${'nowhere.status'} | ${'NOT_FOUND'} | ${'does not exist'}
  `('names what it expected when the inventory path $words', async ({ path, code, words }) => {
    const target = join(dir, path as string);

    const out = await runCli(['import', 'inventory', target, '--name', 'web-1']);

    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      `error ${code as string}: ${target}: ${target} ${words as string}: expected an inventory file`,
    );
    expect(out.stderr).not.toMatch(/E[A-Z]{3,}/);
  });

  it('requires --name', async () => {
    const out = await runCli(['import', 'inventory', fixture]);

    expect(out.code).toBe(2);
    expect(out.stderr).toContain("required option '--name <name>' not specified");
  });

  it.each`
    file                        | platform                       | line
    ${'srv2022.systeminfo.txt'} | ${[]}                          | ${/^imported host m \(windows:10\.0\.20348:server:x64\): 3 KBs, build 10\.0\.20348; not assessed — no loaded feed covers windows:10\.0\.20348:server:x64\n$/}
    ${'ubi9-base.rpm-qa.json'}  | ${[]}                          | ${/^imported host m \(rhel:9\): 179 packages, stored as package set [0-9a-f]{12}, 1 warning; not assessed — no loaded feed covers rhel:9\n$/}
    ${'web-01.status'}          | ${['--platform', 'debian:12']} | ${/^imported host m \(debian:12\): 768 packages, stored as package set [0-9a-f]{12}; not assessed — no loaded feed covers debian:12\n$/}
  `(
    'says what importing $file stored, counting warnings apart from skips',
    async ({ file, platform, line }) => {
      const r = await runCli([
        'import',
        'inventory',
        join(sampleEstateDir, file),
        '--name',
        'm',
        ...platform,
      ]);

      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(line);
      expect(r.stdout).not.toContain('skipped');
    },
  );

  it('counts skipped records as skipped', async () => {
    const bad = join(dir, 'bad.status');
    writeFileSync(
      bad,
      'Package: ok\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\nPackage: broken\nStatus: install ok installed\nArchitecture: amd64\n\n',
    );

    const r = await runCli(['import', 'inventory', bad, '--name', 'm', '--platform', 'debian:12']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /: 1 packages, stored as package set [0-9a-f]{12}, 1 record skipped; not assessed/,
    );
  });

  describe('import estate', () => {
    /** A manifest with one good image and clone, a missing file and a garbage file. */
    function mixedEstate(): string {
      const estate = join(dir, 'estate');
      mkdirSync(estate);
      copyFileSync(fixture, join(estate, 'image.status'));
      writeFileSync(join(estate, 'junk.txt'), 'not an inventory\n');
      const assets = [
        { name: 'deb12@1', kind: 'image', file: 'image.status', platform: 'debian:12' },
        { name: 'web-1', file: 'image.status', imageVersion: 'deb12@1', platform: 'debian:12' },
        { name: 'gone', file: 'missing.status' },
        { name: 'junk', file: 'junk.txt' },
      ];
      writeFileSync(join(estate, 'fleet.json'), JSON.stringify({ assets }));
      return join(estate, 'fleet.json');
    }

    it('stores the sample estate and prints a table and totals', async () => {
      const out = await runCli(['import', 'estate', sampleEstateDir, '--batch-size', '3']);

      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/debian12-base@2026\.11\.1 +│ image +│ \d+ +│ full/);
      expect(out.stdout).toMatch(/web-01 +│ host +│ 768 +│ delta \+0 -0 ~2/);
      expect(out.stdout).toContain('9 assets: 9 stored (9 new), 0 refused\n');
    });

    it('fails with the refusal itself, not PARTIAL, when no asset was stored', async () => {
      const estate = join(dir, 'none');
      mkdirSync(estate);
      writeFileSync(join(estate, 'junk.txt'), 'not an inventory\n');
      const assets = [
        { name: 'junk', file: 'junk.txt' },
        { name: 'gone', file: 'missing.status' },
      ];
      writeFileSync(join(estate, 'estate.json'), JSON.stringify({ assets }));

      const out = await runCli(['import', 'estate', estate]);

      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(
        /^error INVENTORY_INVALID: .*junk\.txt.*\(and 1 more assets refused\)$/m,
      );
      expect(out.stderr).not.toContain('PARTIAL');
      expect(out.stderr).not.toContain('were stored');
    });

    it('prints JSON and exits 1 naming the refused assets', async () => {
      const out = await runCli(['import', 'estate', mixedEstate(), '--json', '--reason', 'test']);

      const assets = await runCli(['assets', '--json']);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(
        'error PARTIAL: ' +
          `${join(dir, 'estate', 'fleet.json')}: 2 of 4 assets refused, the others were stored: ` +
          'gone (NOT_FOUND), junk (INVENTORY_INVALID)',
      );
      expect(JSON.parse(out.stdout)).toEqual({
        stored: 2,
        created: 2,
        refused: 2,
        full: 1,
        delta: 1,
        files: { parsed: 3, cached: 1 },
        assets: [
          expect.objectContaining({
            name: 'deb12@1',
            kind: 'image',
            status: 'stored',
            form: 'full',
          }),
          expect.objectContaining({ name: 'web-1', kind: 'host', status: 'stored', form: 'delta' }),
          {
            name: 'gone',
            kind: 'host',
            file: join(dir, 'estate', 'missing.status'),
            status: 'refused',
            error: {
              code: 'NOT_FOUND',
              message: `${join(dir, 'estate', 'missing.status')} does not exist: expected an inventory file`,
              location: {
                file: join(dir, 'estate', 'fleet.json'),
                line: expect.any(Number),
                column: expect.any(Number),
                pointer: '/assets/2/file',
                record: 'gone',
              },
            },
          },
          expect.objectContaining({
            name: 'junk',
            status: 'refused',
            error: expect.objectContaining({ code: 'INVENTORY_INVALID' }),
          }),
        ],
        diagnostics: [],
        error: {
          code: 'PARTIAL',
          message: expect.stringContaining('2 of 4 assets refused'),
          where: join(dir, 'estate', 'fleet.json'),
        },
      });
      expect((JSON.parse(assets.stdout) as { name: string }[]).map((a) => a.name)).toEqual([
        'deb12@1',
        'web-1',
      ]);
    });

    it('shows refusals in the table', async () => {
      const out = await runCli(['import', 'estate', mixedEstate()]);

      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(
        /gone +│ host +│ +│ REFUSED NOT_FOUND: .*missing\.status does not/,
      );
      expect(out.stdout).not.toContain('ENOENT');
      expect(out.stdout).toMatch(/junk +│ host +│ +│ REFUSED INVENTORY_INVALID: .*\(line 1\)/);
      expect(out.stdout).toContain('4 assets: 2 stored (2 new), 2 refused\n');
    });

    it.each`
      manifest                    | args                     | message
      ${'{"assets": []}'}         | ${[]}                    | ${'error INPUT_INVALID: DIR/estate.json:1:12 at /assets: estate manifest: Too small'}
      ${'{"assets": [{"x": 1}]}'} | ${[]}                    | ${'error INPUT_INVALID: DIR/estate.json: estate manifest has 3 problems:\n  DIR/estate.json:1:13: Invalid input: expected string, received undefined (at /assets/0/name)\n  DIR/estate.json:1:13: Invalid input: expected string, received undefined (at /assets/0/file)\n  DIR/estate.json:1:14: unknown key "x" (at /assets/0/x)\n'}
      ${'not json'}               | ${[]}                    | ${'error INPUT_INVALID: DIR/estate.json:1:1: estate manifest is not JSON: unexpected "n"'}
      ${'{}'}                     | ${['--batch-size', '0']} | ${"option '--batch-size <n>' argument '0' is invalid. a positive integer"}
    `('exits 2 on $manifest $args and stores nothing', async ({ manifest, args, message }) => {
      const estate = join(dir, 'bad');
      mkdirSync(estate);
      writeFileSync(join(estate, 'estate.json'), manifest as string);

      const out = await runCli(['import', 'estate', estate, ...(args as string[])]);

      const assets = await runCli(['assets', '--json']);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain((message as string).replaceAll('DIR', estate));
      expect(JSON.parse(assets.stdout)).toEqual([]);
    });

    it('explains the manifest and exit codes in --help', async () => {
      const out = await runCli(['import', 'estate', '--help']);

      expect(out.code).toBe(0);
      expect(out.stdout).toContain('--batch-size <n>');
      expect(out.stdout).toContain('2 unusable manifest');
    });
  });
});
