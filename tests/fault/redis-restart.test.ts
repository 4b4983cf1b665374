// Redis goes away in the middle of a run and comes back: the pipeline keeps
// running, nothing accepted is lost and nothing is stored twice. The test owns
// its redis-server (append-only, like production) so it can stop and restart it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ARTICLES, startFixtureSite } from '@newsq/fixture-site';
import { startPrivateRedis, uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { describe, expect, it } from 'vitest';
import { childEnv, finished, runNewsq, startBuilt } from '../support/processes';

describe('fault: Redis restarts during a run', () => {
  it('finishes the run with every article stored exactly once and no failed job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsq-fault-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'newsq-fault-redis-'));
    let redis = await startPrivateRedis({ dataDir });
    const site = await startFixtureSite();
    const databaseUrl = `sqlite:${join(dir, 'newsq.db')}`;
    const env = childEnv({
      REDIS_URL: redis.url,
      NEWSQ_PREFIX: uniquePrefix('fault'),
      DATABASE_URL: databaseUrl,
      FETCH_ALLOWED_PRIVATE_HOSTS: new URL(site.url).host,
      FETCH_HOST_MIN_DELAY_MS: '0',
      FETCH_HOST_CONCURRENCY: '8',
      NEWSQ_BACKOFF_BASE_MS: '200',
      LOG_LEVEL: 'error',
    });
    const store = Store.open(databaseUrl);
    try {
      expect((await runNewsq(['feeds', 'add', site.feedUrl], env)).code).toBe(0);
      const run = startBuilt('cli', ['run', '--until-idle'], env);
      const done = finished(run, 240_000);
      await store.migrate();
      const deadline = Date.now() + 120_000;
      while ((await store.articles.count()).originals < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      redis = await startPrivateRedis({ port: redis.port, dataDir });

      const { code, stderr } = await done;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const articles = await store.articles.list();
      expect(articles).toHaveLength(FIXTURE_ARTICLES.length);
      expect(new Set(articles.map((article) => article.canonicalUrl)).size).toBe(FIXTURE_ARTICLES.length);
      expect(articles.filter((article) => article.duplicateOf !== null)).toHaveLength(1);
      const queues = JSON.parse((await runNewsq(['queues', '--json'], env)).stdout) as {
        pending: number;
        failed: number;
      }[];
      for (const row of queues) expect(row).toMatchObject({ pending: 0, failed: 0 });
    } finally {
      await store.close();
      await site.close();
      await redis.stop();
    }
  }, 300_000);
});
