// Owns the api's Prometheus metrics: queue depths and dead letters, feeds by health, stored articles.
import type { QueueAdmin } from '@newsq/queue';
import type { Store } from '@newsq/store';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export function createApiMetrics(deps: { store: Store; admin: QueueAdmin }): Registry {
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
  return registry;
}
