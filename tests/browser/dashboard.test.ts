// The queue dashboard as an admin sees it: headless Chromium against the api,
// real Redis and a real store, with a job waiting in one queue.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '@newsq/core';
import { createQueue, QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { buildApi } from '@newsq/service-api';
import { Store } from '@newsq/store';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const token = 'dashboard-token-0123456789';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

describe('queue dashboard in a browser', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  const prefix = uniquePrefix('dashboard');
  const store = Store.open(`sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-dashboard-')), 'test.db')}`);
  const admin = new QueueAdmin(redis, prefix);
  let app: Awaited<ReturnType<typeof buildApi>>;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    await store.migrate();
    app = await buildApi({
      store,
      redis,
      admin,
      logger: createSilentLogger(),
      prefix,
      token,
      loopbackBind: false,
    });
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
    const policy = {
      attempts: 1,
      backoffBaseMs: 10,
      backoffMaxMs: 10,
      keepCompleted: 10,
      keepFailedDays: 1,
      keepFailedCount: 10,
    };
    const queue = createQueue('article-fetch', { connection: redis, prefix, policy });
    await queue.add('article-fetch', { link: 'https://news.example/waiting' }, { jobId: 'waiting-job' });
    await queue.close();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await admin.close();
    await store.close();
    redis.disconnect();
  });

  it('asks for credentials, then lists every queue of the pipeline with its jobs', async () => {
    // Without credentials the browser is challenged and gives up, so the challenge is read directly.
    const refused = await fetch(`${origin}/admin/queues`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Basic');
    const anonymous = await browser.newPage();
    await expect(anonymous.goto(`${origin}/admin/queues`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    await anonymous.close();

    const context = await browser.newContext({ httpCredentials: { username: 'admin', password: token } });
    const page = await context.newPage();
    await page.goto(`${origin}/admin/queues`);
    for (const queue of [
      'feed-poll',
      'article-fetch',
      'article-extract',
      'article-dedupe',
      'article-tag',
      'article-store',
    ]) {
      await page.getByText(queue, { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    await page.goto(`${origin}/admin/queues/queue/article-fetch?status=waiting`);
    await page.getByText('waiting-job').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(tmpdir(), 'newsq-dashboard.png') });
    await context.close();
  }, 60_000);
});
