// The metrics of a running pipeline, read as Prometheus reads them: the compiled `newsq run` serves
// worker metrics on METRICS_PORT, the compiled api serves its own there without a key (and on its
// API port only with one). A text-format parser reads both; the stage counters move with a fixture
// run, and the api's pipeline totals (from the history in Redis) agree with the workers' counters.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ARTICLES, type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { freePort, uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, fixtureRunEnv, runNewsq, startBuilt } from '../support/processes';
import { type Scrape, sampleSum, scrape } from '../support/prometheus';

const STAGES = ['feed-poll', 'article-fetch', 'extract', 'dedupe', 'tag', 'store'];
const token = 'metrics-test-token-0123456789';

async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('metrics of a running pipeline', () => {
  const prefix = uniquePrefix('metrics');
  const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-metrics-')), 'newsq.db')}`;
  const redis = createRedis(process.env.REDIS_URL!);
  const admin = new QueueAdmin(redis, prefix);
  const store = Store.open(databaseUrl);
  let site: FixtureSite;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];
  const ports = { worker: 0, apiMetrics: 0, api: 0 };

  beforeAll(async () => {
    site = await startFixtureSite();
    ports.worker = await freePort();
    ports.apiMetrics = await freePort();
    ports.api = await freePort();
    env = fixtureRunEnv(
      {
        redisUrl: process.env.REDIS_URL!,
        prefix: prefix,
        databaseUrl: databaseUrl,
        hosts: [new URL(site.url).host],
      },
      {
        FEED_POLL_SCHEDULE_EVERY_MS: '200',
      },
    );
    await store.migrate();
  });

  afterAll(async () => {
    await Promise.all(
      children.map((child) => {
        const done = finished(child, 60_000);
        child.kill('SIGTERM');
        return done;
      }),
    );
    await site?.close();
    await admin.close();
    await store.close();
    redis.disconnect();
  });

  it("parses the workers' /metrics and sees every stage counter move with a run", async () => {
    const run = startBuilt('cli', ['run'], { ...env, METRICS_PORT: String(ports.worker) });
    children.push(run);
    const url = `http://127.0.0.1:${ports.worker}/metrics`;
    const before = await waitFor(() => scrape(url), 'worker metrics');
    expect(before.get('newsq_job_attempts_total')?.type).toBe('COUNTER');
    expect(sampleSum(before, 'newsq_job_attempts_total')).toBe(0);

    expect((await runNewsq(['feeds', 'add', site.feedUrl], env)).code).toBe(0);
    await waitFor(
      async () => ((await store.articles.count()).originals >= FIXTURE_ARTICLES.length - 1 ? true : null),
      'the articles',
      120_000,
    );
    await admin.waitUntilIdle();

    const after: Scrape = await scrape(url);
    for (const stage of STAGES) {
      expect(
        sampleSum(after, 'newsq_job_attempts_total', { stage, outcome: 'completed' }),
        stage,
      ).toBeGreaterThan(0);
    }
    // The parser folds a labelled histogram into one sample, so only the family is checked here.
    expect(after.get('newsq_job_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(sampleSum(after, 'newsq_stage_outputs_total', { stage: 'tag' })).toBe(
      sampleSum(after, 'newsq_job_attempts_total', { stage: 'tag', outcome: 'completed' }),
    );
    expect(sampleSum(after, 'newsq_job_attempts_total', { outcome: 'failed' })).toBe(0);
  }, 180_000);

  it("serves the api's metrics on METRICS_PORT without a key, with the same stage totals", async () => {
    const api = startBuilt('api', [], {
      ...env,
      API_HOST: '127.0.0.1',
      API_PORT: String(ports.api),
      API_TOKEN: token,
      METRICS_PORT: String(ports.apiMetrics),
    });
    children.push(api);
    // Both views lag the work a moment (the stage thread reports its attempts in batches, and workers
    // flush their history every few seconds): wait until they agree.
    const apiScrape = await waitFor(async () => {
      const workers = await scrape(`http://127.0.0.1:${ports.worker}/metrics`);
      const stored = sampleSum(workers, 'newsq_job_attempts_total', { stage: 'store', outcome: 'completed' });
      const scraped = await scrape(`http://127.0.0.1:${ports.apiMetrics}/metrics`);
      const total = sampleSum(scraped, 'newsq_pipeline_attempts_total', {
        queue: 'article-store',
        outcome: 'completed',
      });
      return total > 0 && total === stored ? scraped : null;
    }, "the api to report the workers' totals");
    expect(apiScrape.get('newsq_pipeline_attempts_total')?.type).toBe('COUNTER');
    expect(sampleSum(apiScrape, 'newsq_articles', { kind: 'original' })).toBeGreaterThan(0);
    expect(
      sampleSum(apiScrape, 'newsq_queue_jobs', { queue: 'article-fetch', state: 'completed' }),
    ).toBeGreaterThan(0);
    expect(sampleSum(apiScrape, 'newsq_feeds', { status: 'active', health: 'ok' })).toBe(1);

    expect((await fetch(`http://127.0.0.1:${ports.api}/metrics`)).status).toBe(401);
    const keyed = await scrape(`http://127.0.0.1:${ports.api}/metrics`, { authorization: `Bearer ${token}` });
    expect(sampleSum(keyed, 'newsq_articles', { kind: 'original' })).toBe(
      sampleSum(apiScrape, 'newsq_articles', { kind: 'original' }),
    );
  }, 120_000);
});
