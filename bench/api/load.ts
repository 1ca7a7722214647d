/**
 * The API bench's load generator, run in a child process so that it has its own event loop
 * (and, on two cores, its own core) instead of sharing the server's. Reads a spec file named by
 * argv[2], writes the result as JSON on stdout.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** Many GETs over `paths` in turn (shared by every connection), with autocannon. */
export interface CannonSpec {
  readonly kind: 'cannon';
  readonly url: string;
  readonly token: string;
  readonly paths: readonly string[];
  readonly connections: number;
  readonly duration?: number;
  readonly amount?: number;
}

/** One inventory push, then a GET of that host's findings that must show the change. */
export interface PushStep {
  readonly push: string;
  readonly body: string;
  readonly findings: string;
  readonly advisory: string;
  readonly package: string;
  /** Whether the finding (advisory, package) must be listed after this push. */
  readonly present: boolean;
}

export interface PushSpec {
  readonly kind: 'push';
  readonly url: string;
  readonly token: string;
  readonly steps: readonly PushStep[];
}

export type LoadSpec = CannonSpec | PushSpec;

export interface CannonResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

export interface PushResult {
  /** Milliseconds of each push request alone. */
  readonly push: number[];
  /** Milliseconds from the push's start to the following GET's parsed answer. */
  readonly total: number[];
  /** Steps whose GET did not show the change, or whose requests failed. */
  readonly failures: string[];
}

async function cannon(spec: CannonSpec): Promise<CannonResult> {
  let i = 0;
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    timeout: 120,
    headers: { authorization: `Bearer ${spec.token}` },
    ...(spec.duration !== undefined && { duration: spec.duration }),
    ...(spec.amount !== undefined && { amount: spec.amount }),
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: spec.paths[i++ % spec.paths.length]! }),
      },
    ],
  });
  return {
    requests: r.requests.total,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

async function push(spec: PushSpec): Promise<PushResult> {
  const auth = { authorization: `Bearer ${spec.token}` };
  const out: PushResult = { push: [], total: [], failures: [] };
  for (const [n, s] of spec.steps.entries()) {
    const t0 = performance.now();
    const p = await fetch(`${spec.url}${s.push}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: s.body,
    });
    await p.arrayBuffer();
    const t1 = performance.now();
    const g = await fetch(`${spec.url}${s.findings}`, { headers: auth });
    const body = (await g.json()) as { findings?: { advisory: string; package: string }[] };
    const t2 = performance.now();
    out.push.push(t1 - t0);
    out.total.push(t2 - t0);
    const listed = (body.findings ?? []).some(
      (f) => f.advisory === s.advisory && f.package === s.package,
    );
    if (!p.ok || !g.ok || listed !== s.present) {
      out.failures.push(`step ${n}: push ${p.status}, get ${g.status}, listed ${listed}`);
    }
  }
  return out;
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const result = spec.kind === 'cannon' ? await cannon(spec) : await push(spec);
process.stdout.write(JSON.stringify(result));
