// The Grafana dashboard kept in the repository (provisioned by the compose monitoring profile) parses,
// refers to the provisioned Prometheus data source, and queries only metric names newsq registers:
// the worker metrics and the api's, read from their prom-client registries.
import { readFileSync } from 'node:fs';
import { createWorkerMetrics } from '@newsq/runtime';
import { createApiMetrics } from '@newsq/service-api/metrics';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Panel {
  title: string;
  type: string;
  datasource: { uid: string };
  targets: { expr: string; datasource: { uid: string } }[];
}

const dashboard = JSON.parse(readFileSync('infra/grafana/dashboards/newsq.json', 'utf8')) as {
  uid: string;
  title: string;
  panels: Panel[];
};
const datasources = parse(readFileSync('infra/grafana/provisioning/datasources/prometheus.yml', 'utf8')) as {
  datasources: { uid: string; url: string }[];
};

/** Every series name a registry exposes: histograms as their _bucket, _sum and _count series. */
function exposedNames(metrics: { name: string; type: string }[]): Set<string> {
  return new Set(
    metrics.flatMap(({ name, type }) =>
      type === 'histogram' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
    ),
  );
}

describe('Grafana dashboard', () => {
  it('parses, and every panel queries the provisioned Prometheus', () => {
    expect(dashboard.uid).toBe('newsq-pipeline');
    expect(dashboard.panels.length).toBeGreaterThan(5);
    const uid = datasources.datasources[0]!.uid;
    expect(datasources.datasources[0]!.url).toBe('http://prometheus:9090');
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe(uid);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.datasource.uid, panel.title).toBe(uid);
    }
  });

  it('uses only metric names the workers and the api register', async () => {
    const worker = createWorkerMetrics('dashboard-check').registry;
    // The registry's metric objects are listed without collecting, so the api's dependencies are never called.
    const api = createApiMetrics({} as never);
    const known = exposedNames(
      [...worker.getMetricsAsArray(), ...api.getMetricsAsArray()].map((metric) => ({
        name: (metric as unknown as { name: string }).name,
        type: (metric as unknown as { type: string }).type,
      })),
    );
    const used = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) =>
        [...target.expr.matchAll(/\bnewsq_[a-z0-9_]+/g)].map((match) => match[0]),
      ),
    );
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
    for (const name of ['newsq_job_attempts_total', 'newsq_job_duration_seconds_bucket', 'newsq_queue_jobs'])
      expect(used).toContain(name);
  });
});
