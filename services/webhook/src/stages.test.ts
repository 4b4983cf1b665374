// The two webhook stages through the runner's own path (deliverStage), with plain functions as ports.
import { type ArticleEvent, NO_FILTERS } from '@newsq/core';
import { sampleArticleEvent, testStageContext } from '@newsq/core/testing';
import { deliverStage } from '@newsq/queue';
import { describe, expect, it } from 'vitest';
import { createDeliverStage, type DeliverPorts, deferralMs } from './deliver.stage';
import { createDispatchStage } from './dispatch.stage';

const ctx = testStageContext();
const event: ArticleEvent = sampleArticleEvent();

describe('event-dispatch stage', () => {
  it('queues one delivery per matching subscription, under ids stable for the pair', async () => {
    const stage = createDispatchStage({
      activeSubscriptions: async () => [
        { id: 'sub_all', filters: NO_FILTERS },
        { id: 'sub_sanctions', filters: { ...NO_FILTERS, topics: ['sanctions'] } },
        { id: 'sub_cyber', filters: { ...NO_FILTERS, topics: ['cyber'] } },
      ],
    });
    const first = (await deliverStage(stage, event, ctx)).outputs;
    expect(first.map((output) => output.data.subscriptionId)).toEqual(['sub_all', 'sub_sanctions']);
    expect(first[0]!.jobId).toMatch(/^webhook-deliver-[0-9a-f]{40}$/);
    const again = (await deliverStage(stage, event, ctx)).outputs;
    expect(again.map((output) => output.jobId)).toEqual(first.map((output) => output.jobId));
    expect(new Set(first.map((output) => output.data.deliveryId)).size).toBe(2);
  });
});

describe('webhook-deliver stage', () => {
  const delivery = {
    version: 1,
    deliveryId: 'dlv_1',
    subscriptionId: 'sub_1',
    queuedAt: new Date().toISOString(),
    event,
  };
  const target = {
    url: 'https://hooks.example/',
    secret: 'secret-0123456789abcdef',
    status: 'active' as const,
  };
  const ports = (overrides: Partial<DeliverPorts> = {}) => {
    const calls: string[] = [];
    const all: DeliverPorts = {
      target: async () => target,
      acquireSlot: async () => async () => void calls.push('released'),
      post: async (_target, payload, body) => {
        calls.push(`post ${payload.deliveryId} ${JSON.parse(body).deliveryId}`);
        return 204;
      },
      recordSuccess: async (_id, status) => void calls.push(`success ${status}`),
      recordFailure: async () => {
        calls.push('failure');
        return { paused: false };
      },
      ...overrides,
    };
    return { calls, ports: all };
  };

  it('posts the payload with its delivery id inside, records health and frees the slot', async () => {
    const { calls, ports: deliverPorts } = ports();
    await deliverStage(createDeliverStage(deliverPorts), delivery, ctx);
    expect(calls).toEqual(['post dlv_1 dlv_1', 'success 204', 'released']);
  });

  it('counts a failure, frees the slot and lets the runner retry', async () => {
    const { calls, ports: deliverPorts } = ports({
      post: async () => {
        throw Object.assign(new Error('answered 503'), { code: 'webhook_status', retryable: true });
      },
    });
    await expect(deliverStage(createDeliverStage(deliverPorts), delivery, ctx)).rejects.toMatchObject({
      code: 'webhook_status',
    });
    expect(calls).toEqual(['failure', 'released']);
  });

  it('defers without spending an attempt while the subscription has its deliveries in flight', async () => {
    const { ports: deliverPorts } = ports({ acquireSlot: async () => null });
    await expect(deliverStage(createDeliverStage(deliverPorts), delivery, ctx)).rejects.toMatchObject({
      code: 'subscription_busy',
      retryAt: expect.any(Number),
    });
  });

  it('dead-letters deliveries to a paused subscription and drops those of a removed one', async () => {
    const paused = ports({ target: async () => ({ ...target, status: 'paused' }) });
    await expect(deliverStage(createDeliverStage(paused.ports), delivery, ctx)).rejects.toMatchObject({
      code: 'subscription_paused',
      retryable: false,
    });
    const removed = ports({ target: async () => null });
    expect((await deliverStage(createDeliverStage(removed.ports), delivery, ctx)).outputs).toEqual([]);
    expect(removed.calls).toEqual([]);
  });

  it('waits longer the older a deferred delivery is, within half a second and a minute', () => {
    const now = Date.parse('2024-01-01T00:10:00Z');
    const middle = () => 0.5;
    expect(deferralMs('2024-01-01T00:10:00Z', now, middle)).toBe(500);
    expect(deferralMs('2024-01-01T00:09:50Z', now, middle)).toBe(2_500);
    expect(deferralMs('2024-01-01T00:00:00Z', now, middle)).toBe(60_000);
  });
});
