// Owns the api's Prometheus metrics: queue depths and dead letters, feeds by health, stored articles,
// and the attempts of every stage summed over all workers (the totals of the history the dashboard
// draws, so its numbers and Prometheus's agree).
import type { QueueAdmin } from '@newsq/queue';
import { type Redis, readStageTotals } from '@newsq/redis';
import type { Store } from '@newsq/store';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export function createApiMetrics(deps: {
  store: Store;
  admin: QueueAdmin;
  redis: Redis;
  prefix: string;
}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newsq_api_' });
  new Gauge({
    name: 'newsq_queue_jobs',
    help: 'Jobs per queue and state (failed = the dead-letter set)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const row of await deps.admin.counts()) {
        for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed'] as const) {
          this.set({ queue: row.queue, state }, row[state]);
        }
      }
    },
  });
  new Gauge({
    name: 'newsq_feeds',
    help: 'Registered feeds by status and health',
    labelNames: ['status', 'health'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await deps.store.feeds.healthSummary())
        this.set({ status: row.status, health: row.health }, row.count);
    },
  });
  new Gauge({
    name: 'newsq_articles',
    help: 'Stored articles, originals and duplicates',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const counts = await deps.store.articles.count();
      this.set({ kind: 'original' }, counts.originals);
      this.set({ kind: 'duplicate' }, counts.duplicates);
    },
  });
  const totals = () => readStageTotals(deps.redis, deps.prefix);
  new Counter({
    name: 'newsq_pipeline_attempts_total',
    help: 'Job attempts per stage (its input queue) and outcome, over every worker',
    labelNames: ['queue', 'outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await totals())
        if (row.field !== 'outputs') this.inc({ queue: row.queue, outcome: row.field }, row.value);
    },
  });
  new Counter({
    name: 'newsq_pipeline_outputs_total',
    help: 'Messages each stage (its input queue) emitted, over every worker',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await totals())
        if (row.field === 'outputs') this.inc({ queue: row.queue }, row.value);
    },
  });
  return registry;
}
