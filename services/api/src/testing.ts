// Test helpers: an api with the settings tests leave alone, and the real backends (SQLite store, Redis
// prefix, queue admin) an in-process api test runs on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '@newsq/core';
import { QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { type ApiOptions, type App, buildApi } from './server';

type Backends = Pick<ApiOptions, 'store' | 'redis' | 'admin' | 'prefix'>;

/** An api without a bootstrap key, not on loopback, with a silent logger: each test overrides what it tests. */
export function buildTestApi(options: Backends & Partial<ApiOptions>): Promise<App> {
  return buildApi({
    logger: createSilentLogger(),
    token: null,
    loopbackBind: false,
    streamMaxClients: 10,
    ...options,
  });
}

/** A fresh SQLite store, a Redis connection to REDIS_URL under a new prefix, and a queue admin on it. */
export function openTestBackends(name: string): Backends & { close(): Promise<void> } {
  const redis = createRedis(process.env.REDIS_URL!);
  const store = Store.open(`sqlite:${join(mkdtempSync(join(tmpdir(), `newsq-${name}-`)), 'test.db')}`);
  const prefix = uniquePrefix(name);
  const admin = new QueueAdmin(redis, prefix);
  return {
    redis,
    store,
    prefix,
    admin,
    async close() {
      await admin.close();
      await store.close();
      redis.disconnect();
    },
  };
}
