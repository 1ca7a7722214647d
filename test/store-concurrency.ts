import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { fixedClock } from '../src/domain/clock.js';
import { openStore } from '../src/store/index.js';

const script = fileURLToPath(new URL('./workers/store-writer.ts', import.meta.url));

export interface WriterRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one writer process to its end (bounded by `timeoutMs`). */
function runWriter(args: readonly string[], timeoutMs: number): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The four writers: two inventory importers, one advisory importer, one evaluate-and-record. */
export const writerRoles = ['inventory', 'inventory', 'advisories', 'evaluate'] as const;

/**
 * Starts the four writers at once against `url` (an initialised store), waits for all, and
 * checks that each finished and that the store holds exactly what they wrote: hosts,
 * advisories and audit events counted, and the audit chain whole.
 */
export async function runConcurrentWriters(
  url: string,
  opts: { readonly rounds: number; readonly schema?: string; readonly timeoutMs?: number },
): Promise<readonly WriterRun[]> {
  const runs = await Promise.all(
    writerRoles.map((role, i) =>
      runWriter(
        [role, url, `w${i}`, String(opts.rounds), ...(opts.schema ? [opts.schema] : [])],
        opts.timeoutMs ?? 90_000,
      ),
    ),
  );
  for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

  const store = await openStore(url, fixedClock('2026-11-27T12:00:00Z'), {
    ...(opts.schema && { schema: opts.schema, poolSize: 2 }),
  });
  try {
    const hosts = await store.assets.list({ kind: 'host' });
    const events = await store.audit.list({ limit: 100_000 });
    const byAction = new Map<string, number>();
    for (const e of events) byAction.set(e.action, (byAction.get(e.action) ?? 0) + 1);
    const perBatch = 5;
    expect(hosts).toHaveLength(2 * opts.rounds * perBatch);
    expect(new Set(hosts.map((h) => h.name)).size).toBe(hosts.length);
    expect(await store.advisories.countBySource()).toEqual({ test: opts.rounds * perBatch });
    expect(Object.fromEntries(byAction)).toEqual({
      'inventory.import': 2 * opts.rounds * perBatch,
      'advisories.import': opts.rounds,
      evaluate: opts.rounds,
    });
    expect(await store.audit.verify()).toMatchObject({ ok: true, count: events.length });
  } finally {
    await store.close();
  }
  return runs;
}
