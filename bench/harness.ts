import { constants, performance, PerformanceObserver } from 'node:perf_hooks';

/** `smoke` runs each suite small, for CI; `full` runs the sizes the issues set targets for. */
export type BenchScale = 'smoke' | 'full';

export interface BenchContext {
  readonly scale: BenchScale;
  /** Scratch directory for files a suite writes (databases, generated inputs). */
  readonly workDir: string;
  /** PATCHLINE_BENCH_HOSTS: fleet size for the suites that honour it, to profile between the two. */
  readonly hosts?: number;
}

/** One measured figure, with the target it is checked against when the issue sets one. */
export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: { readonly op: '>=' | '<='; readonly value: number };
  /** Set by the runner: whether the target holds. Absent when there is no target. */
  readonly pass?: boolean;
  readonly note?: string;
}

export interface BenchSuite {
  readonly id: string;
  readonly description: string;
  run(ctx: BenchContext): Promise<readonly Metric[]>;
}

/** Times `fn` and returns elapsed milliseconds. */
export async function timeIt(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export function checkTarget(m: Metric): Metric {
  if (!m.target) return m;
  const pass = m.target.op === '>=' ? m.value >= m.target.value : m.value <= m.target.value;
  return { ...m, pass };
}

/** Median of `xs` (0 for none). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Median milliseconds of `fn` over `runs` runs, after one warm-up. */
export function medianMs(fn: () => unknown, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Garbage collections seen between `watchGc()` and `stop()`, to tell GC pauses from compute. */
export interface GcWatch {
  /** Waits for the queued entries, then: collections, their total and longest pause, major ones. */
  stop(): Promise<{ count: number; ms: number; maxMs: number; major: number; spans: GcSpan[] }>;
}

export interface GcSpan {
  readonly start: number;
  readonly end: number;
}

export function watchGc(): GcWatch {
  const spans: (GcSpan & { kind: number })[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? 0;
      spans.push({ start: e.startTime, end: e.startTime + e.duration, kind });
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      // Entries are delivered on a later turn of the event loop.
      await new Promise((r) => setTimeout(r, 20));
      obs.disconnect();
      const ms = spans.reduce((n, s) => n + s.end - s.start, 0);
      const maxMs = spans.reduce((n, s) => Math.max(n, s.end - s.start), 0);
      const major = spans.filter((s) => s.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length;
      return { count: spans.length, ms, maxMs, major, spans };
    },
  };
}

/** How many of the timed `[start, end]` intervals overlap a collection. */
export function overlapping(times: readonly GcSpan[], gcs: readonly GcSpan[]): number {
  return times.filter((t) => gcs.some((g) => g.start < t.end && g.end > t.start)).length;
}
