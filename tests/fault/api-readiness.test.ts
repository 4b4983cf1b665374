// The api's readiness follows its dependencies: a test-owned redis-server stopped makes /readyz
// answer 503 naming Redis (and nothing of its address) within the probe's deadline; restarted on the
// same port, /readyz answers ready again. Liveness stays up throughout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { type PrivateRedis, startPrivateRedis, uniquePrefix } from '@newsq/redis/testing';
import { buildTestApi } from '@newsq/service-api/testing';
import { Store } from '@newsq/store';
import { afterAll, describe, expect, it } from 'vitest';

describe('fault: /readyz while Redis stops and restarts', () => {
  let redisServer: PrivateRedis | null = null;
  afterAll(async () => {
    await redisServer?.stop();
  });

  it('turns unavailable when Redis stops and ready when it is back', async () => {
    redisServer = await startPrivateRedis();
    const redis = createRedis(redisServer.url);
    redis.on('error', () => {});
    const prefix = uniquePrefix('readyz');
    const admin = new QueueAdmin(redis, prefix);
    const store = Store.open(`sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-readyz-')), 'test.db')}`);
    await store.migrate();
    const app = await buildTestApi({
      store,
      redis,
      admin,
      prefix,
      token: 'readiness-token-0123456789',
    });
    const readyz = async () => {
      const response = await app.inject('/readyz');
      return { status: response.statusCode, body: response.json(), text: response.body };
    };
    try {
      expect(await readyz()).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: { redis: 'ok', database: 'ok' } },
      });

      await redisServer.stop();
      const started = Date.now();
      const down = await readyz();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(down).toMatchObject({
        status: 503,
        body: { status: 'unavailable', checks: { redis: 'unavailable', database: 'ok' } },
      });
      expect(down.text).not.toContain(String(redisServer.port));
      expect((await app.inject('/healthz')).statusCode).toBe(200);

      redisServer = await startPrivateRedis({ port: redisServer.port });
      const deadline = Date.now() + 20_000;
      let back = await readyz();
      while (back.status !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        back = await readyz();
      }
      expect(back).toMatchObject({ status: 200, body: { status: 'ready' } });
    } finally {
      await app.close();
      await admin.close();
      await store.close();
      redis.disconnect();
    }
  }, 60_000);
});
