// `newsq demo` (`pnpm demo`): the whole pipeline on embedded defaults against a
// local fixture news site, then a table of what was stored.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@newsq/config';
import { createLogger } from '@newsq/core';
import { startFixtureSite } from '@newsq/fixture-site';
import { assertRedisReachable } from '@newsq/redis';
import { type PrivateRedis, startPrivateRedis } from '@newsq/redis/testing';
import { createRuntime } from '@newsq/runtime';
import { pino } from 'pino';
import { runPipeline } from '../pipeline';
import { articleTable } from './articles';

const REQUIRED_SEED_TOPICS = ['sanctions', 'arms-trade', 'military-cooperation'];

const NO_REDIS = `newsq demo: no Redis at REDIS_URL and no redis-server binary to start one.
Get Redis with one of:
  docker compose up -d redis            (then: export REDIS_URL=redis://127.0.0.1:6379)
  sudo apt-get install -y redis-server  (Debian/Ubuntu; the demo starts a private server itself)
`;

async function findRedis(dataDir: string): Promise<{ url: string; privateServer: PrivateRedis | null }> {
  const url = loadConfig().REDIS_URL;
  try {
    await assertRedisReachable(url, 1_000);
    return { url, privateServer: null };
  } catch {
    try {
      // Persistent as in production (AOF, fsync every second): the demo's queues survive a restart.
      const redisDir = join(dataDir, 'demo-redis');
      rmSync(redisDir, { recursive: true, force: true });
      mkdirSync(redisDir, { recursive: true });
      const privateServer = await startPrivateRedis({ dataDir: redisDir, appendfsync: 'everysec' });
      return { url: privateServer.url, privateServer };
    } catch {
      process.stderr.write(NO_REDIS);
      process.exit(1);
    }
  }
}

export async function runDemo(): Promise<number> {
  const dataDir = 'data';
  mkdirSync(dataDir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `demo.db${suffix}`), { force: true });
  const logPath = join(dataDir, 'demo.log');

  const site = await startFixtureSite();
  const redis = await findRedis(dataDir);
  process.stdout.write(`fixture site   ${site.url} (${site.articles.length} articles)\n`);
  process.stdout.write(
    `redis          ${redis.privateServer ? `${redis.url} (private redis-server)` : redis.url}\n`,
  );
  process.stdout.write(`database       sqlite:${dataDir}/demo.db\n`);
  process.stdout.write(`logs           ${logPath}\n\nrunning the pipeline until the feed is drained...\n\n`);

  const config = loadConfig({
    ...process.env,
    REDIS_URL: redis.url,
    DATABASE_URL: `sqlite:${dataDir}/demo.db`,
    // A run of its own in a shared Redis: nothing of another run is seen or touched.
    NEWSQ_PREFIX: `newsq-demo-${process.pid}-${Date.now()}`,
    // The fixture site lives on loopback, which the SSRF guard refuses: exempt exactly that host.
    FETCH_ALLOWED_PRIVATE_HOSTS: new URL(site.url).host,
    FETCH_HOST_MIN_DELAY_MS: '0',
    FETCH_HOST_CONCURRENCY: '8',
  });
  const logger = createLogger({
    name: 'newsq-demo',
    level: config.LOG_LEVEL,
    destination: pino.destination({ dest: logPath, sync: true }),
  });
  const runtime = await createRuntime('newsq-demo', { config, logger });
  const started = performance.now();
  try {
    const store = await runtime.store();
    await store.feeds.add(site.feedUrl);
    await runPipeline(runtime, { untilIdle: true, logFile: logPath });
    const articles = await store.articles.list();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${articleTable(articles)}\n\n${articles.length} articles stored in ${seconds}s\n\n`,
    );

    const seed = articles.find((article) => article.title.startsWith('Putin and Kim'));
    if (!seed) {
      process.stderr.write('newsq demo: the seed article was not stored; see the log\n');
      return 1;
    }
    process.stdout.write(`Seed article: ${seed.title}\n  ${seed.canonicalUrl}\n`);
    for (const topic of seed.topics) {
      const evidence = topic.evidence
        .slice(0, 4)
        .map((item) => `${item.term} x${item.count}`)
        .join(', ');
      process.stdout.write(
        `  topic ${topic.id.padEnd(22)} score ${topic.score.toFixed(2)}  evidence: ${evidence}\n`,
      );
    }
    process.stdout.write(`  countries ${seed.entities.countries.map((country) => country.code).join(' ')}\n`);
    process.stdout.write(`  people    ${seed.entities.people.map((person) => person.name).join(', ')}\n`);
    const missing = REQUIRED_SEED_TOPICS.filter((id) => !seed.topics.some((topic) => topic.id === id));
    if (missing.length > 0) {
      process.stderr.write(`newsq demo: the seed article is missing topics ${missing.join(', ')}\n`);
      return 1;
    }
    return 0;
  } finally {
    await runtime.close();
    await site.close();
    await redis.privateServer?.stop();
  }
}
