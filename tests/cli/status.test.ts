// `newsq status` and `newsq dlq drop` through the compiled CLI, against a test-owned redis-server (so it
// can be stopped) and the fixture news site: 0 on a healthy run, 1 with an unhealthy feed, dead
// letters or Redis stopped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { createQueue } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { type PrivateRedis, startPrivateRedis, uniquePrefix } from '@newsq/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunEnv, runNewsq } from '../support/processes';

describe('newsq status', () => {
  let redis: PrivateRedis;
  let site: FixtureSite;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    site = await startFixtureSite();
    env = fixtureRunEnv(
      {
        redisUrl: redis.url,
        prefix: uniquePrefix('status'),
        databaseUrl: `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-status-')), 'newsq.db')}`,
        hosts: [new URL(site.url).host],
      },
      {
        FEED_POLL_UNHEALTHY_AFTER: '1',
      },
    );
  });
  afterAll(async () => {
    await site?.close();
    await redis?.stop();
  });

  it('exits 0 after a healthy run, with every queue on one screen', async () => {
    expect((await runNewsq(['feeds', 'add', site.feedUrl], env)).code).toBe(0);
    expect((await runNewsq(['run', '--until-idle'], env, 240_000)).code).toBe(0);
    const status = await runNewsq(['status'], env);
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/^redis\s+ok\s+redis:\/\/127\.0\.0\.1:\d+/m);
    expect(status.stdout).toMatch(/^database\s+ok\s+sqlite:/m);
    expect(status.stdout).toMatch(
      /^QUEUE\s+WAITING\s+ACTIVE\s+DELAYED\s+WORKERS\s+DEAD LETTERS\s+FAILED 1H$/m,
    );
    expect(status.stdout).toMatch(/^article-store\s+0\s+0\s+0\s+0\s+0\s+0$/m);
    expect(status.stdout).toMatch(/^stream \S+:articles: \d+ entries, no consumer group$/m);
    expect(status.stdout).toContain('feeds: 1 (1 ok, 0 new, 0 failing, 0 unhealthy), 0 paused');
    expect(status.stdout).toContain('all healthy');
    expect(status.code).toBe(0);
  });

  it('exits 1 while a feed is unhealthy', async () => {
    const broken = `${site.url}/gone/feed.xml`;
    expect((await runNewsq(['feeds', 'add', broken], env)).code).toBe(0);
    expect((await runNewsq(['run', '--until-idle'], env, 240_000)).code).toBe(0);
    const status = await runNewsq(['status'], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`feed ${broken} is unhealthy after 1 failures: http_status`);
    expect((await runNewsq(['feeds', 'rm', broken], env)).code).toBe(0);
    expect((await runNewsq(['status'], env)).code).toBe(0);
  });

  it('exits 1 with dead letters until they are dropped', async () => {
    const connection = createRedis(redis.url);
    const queue = createQueue('article-fetch', {
      connection,
      prefix: env.NEWSQ_PREFIX!,
      policy: {
        attempts: 1,
        backoffBaseMs: 10,
        backoffMaxMs: 10,
        keepCompleted: 10,
        keepFailedDays: 1,
        keepFailedCount: 10,
      },
    });
    await queue.add(
      'article-fetch',
      {
        version: 1,
        feedId: 'status-feed',
        feedUrl: site.feedUrl,
        guid: 'gone',
        link: `${site.url}/gone/article.html`,
        title: 'Gone',
        publishedAt: null,
        summary: null,
      },
      { jobId: 'gone-article' },
    );
    await queue.close();
    connection.disconnect();
    expect((await runNewsq(['run', '--until-idle'], env, 240_000)).code).toBe(0);

    const status = await runNewsq(['status'], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^article-fetch\s+0\s+0\s+0\s+0\s+1\s+1$/m);
    expect(status.stdout).toContain('1 dead letter(s) in article-fetch (newsq dlq ls article-fetch)');

    const refused = await runNewsq(['dlq', 'drop', 'article-fetch'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --all');
    const dropped = await runNewsq(['dlq', 'drop', 'article-fetch', 'gone-article'], env);
    expect(dropped.stdout).toBe('dropped 1 failed job(s) from article-fetch\n');
    expect((await runNewsq(['dlq', 'drop', 'article-fetch', '--all'], env)).stdout).toBe(
      'dropped 0 failed job(s) from article-fetch\n',
    );
    expect((await runNewsq(['dlq', 'ls', 'article-fetch'], env)).stdout).toContain('0 failed jobs');
    expect((await runNewsq(['status'], env)).code).toBe(0);
  });

  it('exits 1 when Redis is stopped', async () => {
    await redis.stop();
    const status = await runNewsq(['status'], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^redis\s+UNAVAILABLE\s+redis:\/\/127\.0\.0\.1:\d+/m);
    expect(status.stdout).toContain('redis is unreachable');
    expect(status.stdout).toMatch(/^database\s+ok/m);
  });
});
