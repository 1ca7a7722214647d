import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { jobStates } from '../app/jobs/contract.js';
import type { ServiceRuntime } from '../app/service/runtime.js';

export interface ApiMetrics {
  readonly registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * Prometheus metrics of one server, in a registry of its own (two servers in one test process
 * never share counters). Gauges read the runtime when scraped, not on every change.
 */
export function createMetrics(rt: ServiceRuntime): ApiMetrics {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'patchline_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'patchline_http_requests_total',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  new Gauge({
    name: 'patchline_jobs',
    help: 'Jobs by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await rt.jobs.counts();
      for (const s of jobStates) this.set({ state: s }, counts[s]);
    },
  });
  new Gauge({
    name: 'patchline_feed_age_seconds',
    help: "Seconds since each feed's last successful sync",
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      const now = rt.clock.now().getTime();
      for (const f of await rt.store.feeds.list()) {
        if (f.lastSuccessAt !== null) {
          this.set({ source: f.source }, (now - Date.parse(f.lastSuccessAt)) / 1000);
        }
      }
    },
  });
  new Gauge({
    name: 'patchline_evaluation_duration_seconds',
    help: 'How long the last full evaluation took',
    registers: [registry],
    collect() {
      this.set(rt.stats.lastEvaluationMs / 1000);
    },
  });
  new Gauge({
    name: 'patchline_open_findings',
    help: 'Findings on the evaluated assets by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      const s = rt.evaluation().current().summary();
      for (const [severity, n] of Object.entries(s.bySeverity)) this.set({ severity }, n);
    },
  });
  new Gauge({
    name: 'patchline_assets',
    help: 'Assets the evaluation holds',
    registers: [registry],
    collect() {
      this.set(rt.evaluation().current().summary().assets);
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      duration.observe(labels, seconds);
      requests.inc(labels);
    },
  };
}
