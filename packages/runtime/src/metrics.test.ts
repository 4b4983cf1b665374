import { describe, expect, it } from 'vitest';
import { createWorkerMetrics, serveMetrics } from './metrics';

describe('worker metrics', () => {
  it('counts attempts by stage and outcome and serves them in Prometheus format', async () => {
    const metrics = createWorkerMetrics('extract');
    metrics.onAttempt({
      stage: 'extract',
      queue: 'article-extract',
      outcome: 'completed',
      durationMs: 120,
      outputs: 1,
    });
    metrics.onAttempt({
      stage: 'extract',
      queue: 'article-extract',
      outcome: 'retry',
      durationMs: 5,
      outputs: 0,
      errorCode: 'http_timeout',
    });
    const server = await serveMetrics(metrics.registry, 0, '127.0.0.1');
    const { port } = server.address() as { port: number };
    try {
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(body).toContain(
        'newsq_job_attempts_total{stage="extract",outcome="completed",code="",service="extract"} 1',
      );
      expect(body).toContain(
        'newsq_job_attempts_total{stage="extract",outcome="retry",code="http_timeout",service="extract"} 1',
      );
      expect(body).toContain('newsq_stage_outputs_total{stage="extract",service="extract"} 1');
      expect(body).toMatch(
        /newsq_job_duration_seconds_bucket\{le="0\.25",service="extract",stage="extract",outcome="completed"\} 1/,
      );
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
