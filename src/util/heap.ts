import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** A full collection now. Node exposes one only behind `--expose-gc`, so the flag is set here. */
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Keeps the JavaScript heap of a long batch loop near its live size. V8 lets the old generation
 * grow to a few times the live data before collecting it, and a loop whose batches outlive the
 * young generation promotes each batch's garbage: RSS then depends on the heap's growth policy
 * more than on what is live. `check()` between batches collects once the heap is `ceiling`
 * bytes, or twice what the last collection kept, whichever is more.
 */
export function heapGuard(ceiling: number): { check(): void } {
  let limit = ceiling;
  return {
    check(): void {
      if (getHeapStatistics().used_heap_size < limit) return;
      collect();
      limit = Math.max(ceiling, 2 * getHeapStatistics().used_heap_size);
    },
  };
}
