// Subscriptions end to end through real BullMQ workers, Redis and SQLite, with local receivers:
// each subscription gets exactly the articles its filters ask for; an endpoint that fails (slowly)
// five times and recovers ends with every event once, while the other's deliveries are not delayed;
// an endpoint that keeps failing is paused, and its dead letters are replayed once it is fixed.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@newsq/config';
import {
  type ArticleEvent,
  createSilentLogger,
  isDeliveryFor,
  NO_FILTERS,
  QUEUES,
  type SubscriptionFilters,
  WebhookPayload,
} from '@newsq/core';
import { sampleArticleEvent } from '@newsq/core/testing';
import { createQueue, jobIdFor, QueueAdmin, type RunningStage, startStage } from '@newsq/queue';
import { uniquePrefix } from '@newsq/redis/testing';
import { createRuntime, type Runtime } from '@newsq/runtime';
import { SIGNATURE_HEADER, verifySignature } from '@newsq/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebhookStages } from './build';

interface Received {
  deliveryId: string;
  eventId: string;
  at: number;
}

/** A receiver that verifies each request and answers what `respond` says (a status, or hang). */
async function startReceiver(
  secret: () => string,
  respond: (attempt: number) => number | 'hang',
): Promise<{ url: string; received: Received[]; attempts: () => number; close(): Promise<void> }> {
  const received: Received[] = [];
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      attempts += 1;
      const answer = respond(attempts);
      if (answer === 'hang') return void setTimeout(() => response.writeHead(503).end(), 3_000);
      if (answer < 300) {
        expect(verifySignature(secret(), String(request.headers[SIGNATURE_HEADER]), body)).toBe(true);
        const payload = WebhookPayload.parse(JSON.parse(body));
        expect(payload.deliveryId).toBe(request.headers['x-newsq-delivery']);
        received.push({ deliveryId: payload.deliveryId, eventId: payload.event.eventId, at: Date.now() });
      }
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    attempts: () => attempts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function eventAbout(slug: string, topics: string[]): ArticleEvent {
  return sampleArticleEvent({
    canonicalUrl: `https://news.example/${slug}`,
    contentHash: `hash-${slug}`,
    topics: topics.map((id) => ({ id, score: 0.8, evidence: [] })),
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhook subscriptions', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.reverse()) await close();
    cleanup.length = 0;
  });

  async function startDelivery(env: Record<string, string>) {
    const config = loadConfig({
      REDIS_URL: process.env.REDIS_URL,
      NEWSQ_PREFIX: uniquePrefix('webhooks'),
      DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-webhooks-')), 'newsq.db')}`,
      NEWSQ_BACKOFF_BASE_MS: '100',
      NEWSQ_BACKOFF_MAX_MS: '400',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_CONCURRENCY: '4',
      WEBHOOK_SUBSCRIPTION_CONCURRENCY: '1',
      ...env,
    });
    const runtime: Runtime = await createRuntime('webhook-test', { config, logger: createSilentLogger() });
    const store = await runtime.store();
    const subscribe = (name: string, url: string, filters: Partial<SubscriptionFilters> = {}) =>
      store.subscriptions.create({ name, url, filters: { ...NO_FILTERS, ...filters } });
    const start = async () => {
      const stages = await buildWebhookStages(runtime);
      const running: RunningStage[] = stages.map((stage) =>
        startStage(stage, {
          connection: runtime.redis,
          prefix: config.NEWSQ_PREFIX,
          logger: runtime.logger,
          policy: runtime.policy,
          concurrency: config.WEBHOOK_CONCURRENCY,
          shutdownTimeoutMs: 2_000,
          gate: runtime.gate,
        }),
      );
      const input = createQueue(QUEUES.eventDispatch, {
        connection: runtime.redis,
        prefix: config.NEWSQ_PREFIX,
        policy: runtime.policy,
      });
      const admin = new QueueAdmin(runtime.redis, config.NEWSQ_PREFIX);
      cleanup.push(async () => {
        await Promise.all(running.map((stage) => stage.close()));
        await input.close();
        await admin.close();
        await runtime.close();
      });
      const publish = async (event: ArticleEvent) => {
        await input.add(QUEUES.eventDispatch, event, {
          jobId: jobIdFor(QUEUES.eventDispatch, event.eventId),
        });
        return Date.now();
      };
      return { publish, admin };
    };
    return { runtime, store, subscribe, start };
  }

  it('delivers each subscription its articles; a failing endpoint recovers without delaying the other', async () => {
    const delivery = await startDelivery({ NEWSQ_ATTEMPTS: '10' });
    let sanctionsSecret = '';
    let armsSecret = '';
    // Five failures first, two of them by hanging past the delivery timeout, then success.
    const failing: (number | 'hang')[] = ['hang', 503, 'hang', 500, 429];
    const sanctionsDesk = await startReceiver(
      () => sanctionsSecret,
      (attempt) => failing[attempt - 1] ?? 204,
    );
    const armsDesk = await startReceiver(
      () => armsSecret,
      () => 204,
    );
    cleanup.push(sanctionsDesk.close, armsDesk.close);
    sanctionsSecret = (
      await delivery.subscribe('sanctions-desk', sanctionsDesk.url, { topics: ['sanctions'] })
    ).secret;
    armsSecret = (await delivery.subscribe('arms-desk', armsDesk.url, { topics: ['arms-trade'] })).secret;
    const { publish } = await delivery.start();

    const events = [
      eventAbout('a', ['sanctions']),
      eventAbout('b', ['arms-trade']),
      eventAbout('c', ['sanctions', 'arms-trade']),
      eventAbout('d', ['cyber']),
      eventAbout('e', ['sanctions']),
      eventAbout('f', ['arms-trade']),
    ];
    const publishedAt = new Map<string, number>();
    for (const event of events) {
      publishedAt.set(event.eventId, await publish(event));
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const expectedSanctions = ['a', 'c', 'e'].map((slug) => events['abcdef'.indexOf(slug)]!.eventId);
    const expectedArms = ['b', 'c', 'f'].map((slug) => events['abcdef'.indexOf(slug)]!.eventId);

    await until(() => new Set(armsDesk.received.map((item) => item.eventId)).size === 3, 5_000, 'arms-desk');
    await until(
      () => new Set(sanctionsDesk.received.map((item) => item.eventId)).size === 3,
      30_000,
      'sanctions-desk to recover',
    );
    expect(sanctionsDesk.attempts()).toBeGreaterThan(5);
    // Every event once, by delivery id; no event it did not ask for.
    const unique = (items: Received[]) => [...new Map(items.map((item) => [item.deliveryId, item])).values()];
    expect(
      unique(sanctionsDesk.received)
        .map((item) => item.eventId)
        .sort(),
    ).toEqual([...expectedSanctions].sort());
    expect(
      unique(armsDesk.received)
        .map((item) => item.eventId)
        .sort(),
    ).toEqual([...expectedArms].sort());
    // The healthy endpoint got each event within a second of its publication, during the other's failures.
    for (const item of armsDesk.received) {
      expect(item.at - publishedAt.get(item.eventId)!, item.eventId).toBeLessThan(1_000);
    }
    const sanctionsRecord = await delivery.store.subscriptions.find('sanctions-desk');
    expect(sanctionsRecord).toMatchObject({
      status: 'active',
      health: { lastStatus: 204, consecutiveFailures: 0 },
    });
  }, 60_000);

  it('pauses an endpoint that keeps failing; its dead letters are replayed once it is fixed', async () => {
    const delivery = await startDelivery({ NEWSQ_ATTEMPTS: '1', WEBHOOK_AUTO_PAUSE_AFTER: '3' });
    let fixed = false;
    let secret = '';
    const receiver = await startReceiver(
      () => secret,
      () => (fixed ? 204 : 410),
    );
    cleanup.push(receiver.close);
    const subscription = await delivery.subscribe('broken', receiver.url);
    secret = subscription.secret;
    const { publish, admin } = await delivery.start();
    const events = ['p', 'q', 'r'].map((slug) => eventAbout(slug, ['sanctions']));
    for (const event of events) await publish(event);
    await until(
      async () => (await delivery.store.subscriptions.find('broken'))?.status === 'paused',
      10_000,
      'auto-pause',
    );
    expect(await delivery.store.subscriptions.find('broken')).toMatchObject({
      pausedReason: 'auto',
      health: { lastStatus: 410, consecutiveFailures: 3 },
    });
    await until(
      async () =>
        (await admin.deadLetters(QUEUES.webhookDeliver, { match: isDeliveryFor(subscription.id) })).length ===
        3,
      10_000,
      'three dead letters',
    );
    // Paused: once dispatch has read the subscriptions again, a new event is not dispatched to it.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await publish(eventAbout('s', ['sanctions']));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(receiver.attempts()).toBe(3);

    fixed = true;
    await delivery.store.subscriptions.setStatus('broken', 'active');
    expect(await admin.replayWhere(QUEUES.webhookDeliver, isDeliveryFor(subscription.id))).toBe(3);
    await until(() => receiver.received.length === 3, 10_000, 'replayed deliveries');
    expect(receiver.received.map((item) => item.eventId).sort()).toEqual(
      events.map((event) => event.eventId).sort(),
    );
  }, 60_000);
});
