// The pipeline overview and bull-board as people see them: headless Chromium against the api (in this
// process) after a fixture run of the compiled pipeline (its workers fill the history in Redis), with
// real Redis and a real store. A read key sees every chart filled and cannot act; an admin key retries
// a dead letter and pauses a feed; nothing opens without a session, and another site cannot act.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_QUEUES } from '@newsq/core';
import { type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { createQueue, QueueAdmin } from '@newsq/queue';
import { createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import type { App } from '@newsq/service-api';
import { buildTestApi } from '@newsq/service-api/testing';
import { type CreatedApiKey, feedIdFor, Store } from '@newsq/store';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunEnv, runNewsq } from '../support/processes';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const screenshots = mkdtempSync(join(tmpdir(), 'newsq-dashboard-shots-'));

/** Distinct colours in a PNG, decoded by the browser itself: a blank page has one or two. */
async function distinctColours(page: Page, png: Buffer): Promise<number> {
  // Browser code as text: this package's TypeScript has no DOM types.
  return page.evaluate(`(async () => {
    const image = new Image();
    image.src = 'data:image/png;base64,${png.toString('base64')}';
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set();
    for (let index = 0; index < pixels.length; index += 4 * 7)
      colours.add((pixels[index] << 16) | (pixels[index + 1] << 8) | pixels[index + 2]);
    return colours.size;
  })()`);
}

/** A POST from the page's own origin, as its script would send it; the token read from the page or left out. */
function postFromPage(
  page: Page,
  path: string,
  body: unknown,
  withToken: boolean,
): Promise<{ status: number; body: { error?: string } }> {
  return page.evaluate(`(async () => {
    const headers = { 'content-type': 'application/json' };
    if (${withToken}) headers['x-csrf-token'] = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch(${JSON.stringify(path)}, { method: 'POST', headers, body: ${JSON.stringify(JSON.stringify(body))} });
    return { status: response.status, body: await response.json() };
  })()`);
}

describe('pipeline overview in a browser', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  const prefix = uniquePrefix('dashboard');
  const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-dashboard-')), 'newsq.db')}`;
  const store = Store.open(databaseUrl);
  const admin = new QueueAdmin(redis, prefix);
  let app: App;
  let origin: string;
  let browser: Browser;
  let site: FixtureSite;
  let receiver: Server;
  let readKey: CreatedApiKey;
  let adminKey: CreatedApiKey;
  let brokenFeedUrl: string;

  beforeAll(async () => {
    await store.migrate();
    readKey = await store.apiKeys.create('viewer', 'read');
    adminKey = await store.apiKeys.create('operator', 'admin');
    app = await buildTestApi({ store, redis, admin, prefix, depthSampleMs: 250 });
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
    site = await startFixtureSite();
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

    await store.feeds.add(site.feedUrl, 'Fixture news');
    brokenFeedUrl = `${site.url}/gone/feed.xml`;
    await store.feeds.add(brokenFeedUrl, 'Gone feed');
    // An article link that answers 404: a permanent failure, so a dead letter at once.
    const fetchQueue = createQueue('article-fetch', {
      connection: redis,
      prefix,
      policy: {
        attempts: 1,
        backoffBaseMs: 10,
        backoffMaxMs: 10,
        keepCompleted: 10,
        keepFailedDays: 1,
        keepFailedCount: 10,
      },
    });
    await fetchQueue.add(
      'article-fetch',
      {
        version: 1,
        feedId: feedIdFor(site.feedUrl),
        feedUrl: site.feedUrl,
        guid: 'missing-article',
        link: `${site.url}/missing/article.html`,
        title: 'A story that was taken down',
        publishedAt: null,
        summary: null,
      },
      { jobId: 'missing-article' },
    );
    await fetchQueue.close();

    const run = await runNewsq(
      ['run', '--until-idle'],
      fixtureRunEnv(
        {
          redisUrl: process.env.REDIS_URL!,
          prefix: prefix,
          databaseUrl: databaseUrl,
          hosts: [new URL(site.url).host],
        },
        {
          WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
          WEBHOOK_SECRET: 'dashboard-webhook-secret',
        },
      ),
      240_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await site?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await admin.close();
    await store.close();
    redis.disconnect();
  });

  async function signIn(key: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${origin}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#key', key);
    await Promise.all([page.waitForURL(`${origin}/dashboard`), page.click('button[type=submit]')]);
    await page.waitForSelector('#overview[data-loaded="true"]', { timeout: 15_000 });
    return page;
  }

  it('answers 401 to API clients and sends browsers to the login form without a session', async () => {
    for (const path of ['/api/v1/feeds', '/dashboard/data', '/admin/queues/api/queues', '/metrics']) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(401);
    }
    for (const path of ['/dashboard', '/admin/queues']) {
      const response = await fetch(`${origin}${path}`, {
        headers: { accept: 'text/html' },
        redirect: 'manual',
      });
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    const page = await browser.newPage();
    await page.goto(`${origin}/admin/queues`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('shows a read key every stage filled by the run, with failures and feeds, and no way to act', async () => {
    const page = await signIn(readKey.key);
    for (const queue of ALL_QUEUES) {
      const chart = page.locator(`[data-stage="${queue}"]`);
      await chart.locator('canvas').waitFor();
      expect(Number(await chart.getAttribute('data-points')), queue).toBeGreaterThan(0);
    }
    for (const id of ['depth', 'topics']) {
      expect(Number(await page.locator(`#${id}`).getAttribute('data-points')), id).toBeGreaterThan(0);
    }
    await page.locator('#failures').getByText('http_status ×1').waitFor();
    expect(await page.locator('li[data-job="missing-article"]').count()).toBe(1);
    // Failing feeds come first.
    expect(await page.locator('#feeds tbody tr').first().getAttribute('data-feed')).toBe(
      feedIdFor(brokenFeedUrl),
    );
    expect(await page.locator('#dedupe-ratio').textContent()).toMatch(/% duplicates$/);
    expect(await page.locator('#feeds button, #failures button').count()).toBe(0);
    const shot = await page.screenshot({ path: join(screenshots, 'read.png'), fullPage: true });
    expect(await distinctColours(page, shot)).toBeGreaterThan(20);
    // What the page hides, the server refuses.
    const refused = await postFromPage(
      page,
      '/dashboard/replay',
      { queue: 'article-fetch', jobId: 'missing-article' },
      true,
    );
    expect(refused).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await (await admin.queue('article-fetch').getJob('missing-article'))!.isFailed()).toBe(true);
    await page.context().close();
  }, 60_000);

  it('lets an admin key retry a failed job and pause a feed, through bull-board too', async () => {
    const page = await signIn(adminKey.key);
    const job = page.locator('li[data-job="missing-article"]');
    await job.locator('button.retry').click();
    await job.waitFor({ state: 'detached', timeout: 15_000 });
    const retried = await admin.queue('article-fetch').getJob('missing-article');
    expect(await retried?.isFailed()).toBe(false);

    const feedRow = page.locator(`tr[data-feed="${feedIdFor(site.feedUrl)}"]`);
    await feedRow.locator('button.pause').click();
    await feedRow.locator('button.resume').waitFor({ timeout: 15_000 });
    expect((await store.feeds.find(site.feedUrl))?.status).toBe('paused');
    const shot = await page.screenshot({ path: join(screenshots, 'admin.png'), fullPage: true });
    expect(await distinctColours(page, shot)).toBeGreaterThan(20);

    // The same session opens bull-board for job-level work.
    await page.goto(`${origin}/admin/queues`);
    await page.getByText('article-extract', { exact: true }).first().waitFor({ timeout: 15_000 });
    const board = await page.screenshot({ path: join(screenshots, 'bull-board.png') });
    expect(await distinctColours(page, board)).toBeGreaterThan(10);
    await page.context().close();
  }, 60_000);

  it('refuses a change without the CSRF token and a form posted from another site', async () => {
    const page = await signIn(adminKey.key);
    const withoutToken = await postFromPage(page, '/dashboard/replay', { queue: 'article-fetch' }, false);
    expect(withoutToken).toMatchObject({ status: 403, body: { error: 'csrf' } });

    // Another site (localhost is not 127.0.0.1's site) posts at the api in the same browser: a form
    // (refused before or by the auth check) and a bodiless fetch (which reaches the auth check).
    const feedId = feedIdFor(site.feedUrl);
    const action = `${origin}/api/v1/feeds/${feedId}/resume`;
    const attacker = createServer((request, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          request.url === '/form'
            ? `<form id="f" method="post" action="${action}"></form><script>document.getElementById('f').submit()</script>`
            : `<script>fetch(${JSON.stringify(action)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })</script>`,
        ),
    );
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
    try {
      for (const [path, refusedWith] of [
        ['/form', [401, 403, 415]],
        ['/fetch', [401, 403]],
      ] as const) {
        const answered = page.waitForResponse((response) => response.url() === action);
        await page.goto(`${attackerOrigin}${path}`);
        expect(refusedWith, path).toContain((await answered).status());
      }
      expect((await store.feeds.find(site.feedUrl))?.status).toBe('paused');
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
      await page.context().close();
    }
  }, 60_000);
});
