import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, vi } from 'vitest';
import { runCli } from './cli.js';

/** The folder a test file's store lives in, known once its `beforeAll` has run. */
export interface CliStore {
  readonly dir: string;
}

/** Fills a fresh store with the demo estate, as `patchline demo` does. */
export async function seedDemo(): Promise<void> {
  expect((await runCli(['demo', '--json'])).code).toBe(0);
}

/**
 * Gives the calling test file one store of its own, `p.db` in a fresh temporary folder
 * named after `name`: `seed` fills it once before the file's tests (by default the demo
 * estate); every test sees PATCHLINE_DATABASE_URL pointing at it and PATCHLINE_POLICY
 * unset; the folder and the stubbed environment go when the file ends.
 */
export function useCliStore(
  name: string,
  seed: (dir: string) => Promise<void> = seedDemo,
): CliStore {
  const store = { dir: '' };
  const stub = () => {
    vi.stubEnv('PATCHLINE_DATABASE_URL', join(store.dir, 'p.db'));
    vi.stubEnv('PATCHLINE_POLICY', undefined);
  };
  beforeAll(async () => {
    store.dir = mkdtempSync(join(tmpdir(), `patchline-cli-${name}-`));
    stub();
    await seed(store.dir);
  });
  beforeEach(stub);
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(store.dir, { recursive: true, force: true });
  });
  return store;
}
