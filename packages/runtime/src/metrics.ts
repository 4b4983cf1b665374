// Owns worker metrics: attempts and their durations per stage and outcome, in
// Prometheus format on METRICS_PORT (queue depths come from the api's /metrics).
import { createServer, type Server } from 'node:http';
import type { AttemptEvent } from '@newsq/queue';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface WorkerMetrics {
  registry: Registry;
  onAttempt(event: AttemptEvent): void;
}

export function createWorkerMetrics(service: string): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'newsq_' });
  const attempts = new Counter({
    name: 'newsq_job_attempts_total',
    help: 'Job attempts per stage and outcome (completed, retry, failed = dead-lettered)',
    labelNames: ['stage', 'outcome', 'code'],
    registers: [registry],
  });
  const outputs = new Counter({
    name: 'newsq_stage_outputs_total',
    help: 'Messages a stage emitted downstream',
    labelNames: ['stage'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'newsq_job_duration_seconds',
    help: 'Time spent in a stage per attempt',
    labelNames: ['stage', 'outcome'],
    buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    onAttempt(event) {
      attempts.inc({ stage: event.stage, outcome: event.outcome, code: event.errorCode ?? '' });
      outputs.inc({ stage: event.stage }, event.outputs);
      duration.observe({ stage: event.stage, outcome: event.outcome }, event.durationMs / 1000);
    },
  };
}

/** Worker metrics and liveness (/healthz, for container health checks) on one small HTTP server. */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/healthz')
      return void response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
