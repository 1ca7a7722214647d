import { performance } from 'node:perf_hooks';

/** `smoke` runs each suite small, for CI; `full` runs the sizes the issues set targets for. */
export type BenchScale = 'smoke' | 'full';

export interface BenchContext {
  readonly scale: BenchScale;
  /** Scratch directory for files a suite writes (databases, generated inputs). */
  readonly workDir: string;
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
