// What every fault test shares: its own redis-server (append-only, as in production), a database,
// the compiled `newsq run` started and killed as a real process with its logs kept, and the end state
// every fault must leave: each article stored once, one stream entry per original, nothing pending,
// and nothing in the dead-letter set but what the test expects there.
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleIdFor } from '@newsq/core';
import { QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { type PrivateRedis, startPrivateRedis, uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { expect } from 'vitest';
import { childEnv, finished, startBuilt } from '../../support/processes';

export interface FaultRun {
  dir: string;
  prefix: string;
  redis: PrivateRedis;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  logPath: string;
  store: Store;
  /** Starts the compiled `newsq run` with its stdout and stderr appended to the log. */
  start(args?: readonly string[]): ChildProcess;
  /** Stops Redis and starts it again on the same port and data, as an operator's restart would. */
  restartRedis(pauseMs?: number): Promise<void>;
  logLines(): { msg?: string; level?: number; [key: string]: unknown }[];
  close(): Promise<void>;
}

export interface FaultRunOptions {
  siteHost: string;
  databaseUrl?: string;
  env?: Record<string, string>;
}

export async function startFaultRun(options: FaultRunOptions): Promise<FaultRun> {
  const dir = mkdtempSync(join(tmpdir(), 'newsq-fault-'));
  const redisDir = join(dir, 'redis');
  mkdirSync(redisDir);
  let redis = await startPrivateRedis({ dataDir: redisDir, appendfsync: 'everysec' });
  const prefix = uniquePrefix('fault');
  const databaseUrl = options.databaseUrl ?? `sqlite:${join(dir, 'newsq.db')}`;
  const logPath = join(dir, 'newsq.log');
  const log = createWriteStream(logPath, { flags: 'a' });
  const env = () =>
    childEnv({
      REDIS_URL: redis.url,
      NEWSQ_PREFIX: prefix,
      DATABASE_URL: databaseUrl,
      FETCH_ALLOWED_PRIVATE_HOSTS: options.siteHost,
      // The faults are the subject, not the sites' pace: one host serves every page here.
      FETCH_HOST_MIN_DELAY_MS: '0',
      FETCH_HOST_DELAY_FACTOR: '0',
      FETCH_HOST_CONCURRENCY: '16',
      // Quick retries so a test's poison item exhausts its attempts in seconds.
      NEWSQ_BACKOFF_BASE_MS: '100',
      NEWSQ_BACKOFF_MAX_MS: '1000',
      LOG_LEVEL: 'info',
      ...options.env,
    });
  const store = Store.open(databaseUrl);
  const run: FaultRun = {
    dir,
    prefix,
    get redis() {
      return redis;
    },
    databaseUrl,
    get env() {
      return env();
    },
    logPath,
    store,
    start(args = ['run']) {
      const child = startBuilt('cli', args, env());
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      return child;
    },
    async restartRedis(pauseMs = 1_000) {
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      redis = await startPrivateRedis({ port: redis.port, dataDir: redisDir, appendfsync: 'everysec' });
    },
    logLines() {
      return readFileSync(logPath, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
    },
    async close() {
      await store.close();
      await redis.stop();
      log.end();
    },
  };
  return run;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function storedOriginals(run: FaultRun): Promise<number> {
  await run.store.migrate();
  return (await run.store.articles.count()).originals;
}

/** Waits until no queue holds pending work (the run is still alive, e.g. to be stopped afterwards). */
export async function waitForIdle(run: FaultRun, timeoutMs = 120_000): Promise<void> {
  const redis = createRedis(run.redis.url);
  const admin = new QueueAdmin(redis, run.prefix);
  try {
    await admin.waitUntilIdle({ pollMs: 250, signal: AbortSignal.timeout(timeoutMs) });
  } finally {
    await admin.close();
    redis.disconnect();
  }
}

/** Adds the feeds with the compiled CLI. */
export async function addFeeds(run: FaultRun, urls: readonly string[]): Promise<void> {
  const { code, stderr } = await finished(run.start(['feeds', 'add', ...urls]), 60_000);
  expect(stderr).toBe('');
  expect(code).toBe(0);
}

/** Runs `newsq run --until-idle` to the end and expects a clean exit. */
export async function drain(run: FaultRun, timeoutMs = 240_000): Promise<void> {
  const { code, stderr } = await finished(run.start(['run', '--until-idle']), timeoutMs);
  expect(stderr).toBe('');
  expect(code).toBe(0);
}

export interface EndState {
  /** Canonical URLs of every page that must be stored, once each. */
  urls: readonly string[];
  /** Links whose jobs must be, alone, in the dead-letter set. */
  deadLetters?: readonly string[];
}

export async function expectEndState(run: FaultRun, expected: EndState): Promise<void> {
  await run.store.migrate();
  const articles = await run.store.articles.list({ limit: 100_000 });
  expect(articles.map((article) => article.canonicalUrl).sort()).toEqual([...expected.urls].sort());
  const redis = createRedis(run.redis.url);
  const admin = new QueueAdmin(redis, run.prefix);
  try {
    const entries = await redis.xrange(`${run.prefix}:articles`, '-', '+');
    const ids = entries.map(([, fields]) => fields[fields.indexOf('id') + 1]);
    expect(ids.sort()).toEqual(expected.urls.map(articleIdFor).sort());
    const counts = await admin.counts();
    for (const row of counts) expect(row.pending, `${row.queue}: ${JSON.stringify(row)}`).toBe(0);
    const dead = (
      await Promise.all(counts.map((row) => admin.deadLetters(row.queue, { limit: 1000 })))
    ).flat();
    expect(dead.map((letter) => (letter.data as { link?: string }).link).sort()).toEqual(
      [...(expected.deadLetters ?? [])].sort(),
    );
  } finally {
    await admin.close();
    redis.disconnect();
  }
}
