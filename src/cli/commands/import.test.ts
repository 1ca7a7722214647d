import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
      /^imported image deb12@1 \(debian:12\): 7 packages, stored as package set [0-9a-f]{12}\n$/,
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

  it('requires --name', async () => {
    const out = await runCli(['import', 'inventory', fixture]);

    expect(out.code).toBe(2);
    expect(out.stderr).toContain("required option '--name <name>' not specified");
  });
});
