import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './store';
import { CONFIGURED_SUBSCRIPTION } from './subscription-repository';
import { TEST_ENGINES } from './testing';

describe.each(TEST_ENGINES)('SubscriptionRepository on %s', (_engine, url) => {
  let store: Store;
  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
  });
  afterAll(() => store.close());

  it('creates subscriptions with filters and a secret shown once, pauses and resumes them', async () => {
    const created = await store.subscriptions.create({
      name: 'sanctions-desk',
      url: 'https://desk.example/hooks',
      filters: { topics: ['sanctions'], countries: ['RU'], minScore: 0.5, originalsOnly: true },
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({
      status: 'active',
      pausedReason: null,
      health: { consecutiveFailures: 0 },
    });
    const listed = await store.subscriptions.list();
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect((await store.subscriptions.target(created.id))?.secret).toBe(created.secret);
    expect(await store.subscriptions.find('sanctions-desk')).toMatchObject({
      id: created.id,
      filters: { topics: ['sanctions'], countries: ['RU'], minScore: 0.5, originalsOnly: true },
    });
    expect(await store.subscriptions.setStatus('sanctions-desk', 'paused')).toMatchObject({
      status: 'paused',
      pausedReason: 'manual',
    });
    expect(await store.subscriptions.active()).toEqual([]);
    expect((await store.subscriptions.setStatus(created.id, 'active'))?.status).toBe('active');
    await expect(
      store.subscriptions.create({ name: 'sanctions-desk', url: 'https://x.example/' }),
    ).rejects.toThrow();
    expect(await store.subscriptions.remove('sanctions-desk')).toBe(true);
    expect(await store.subscriptions.remove('sanctions-desk')).toBe(false);
  });

  it('keeps delivery health and pauses after the configured number of consecutive failures', async () => {
    const { id } = await store.subscriptions.create({ name: 'flaky', url: 'https://flaky.example/' });
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await store.subscriptions.recordFailure(id, { status: 503, error: 'answered 503' }, 3)).toEqual({
        consecutiveFailures: attempt,
        paused: false,
      });
    }
    await store.subscriptions.recordSuccess(id, 204);
    expect((await store.subscriptions.find(id))?.health).toMatchObject({
      lastStatus: 204,
      lastError: null,
      consecutiveFailures: 0,
    });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await store.subscriptions.recordFailure(id, { status: null, error: 'timed out' }, 3);
    }
    expect(await store.subscriptions.find(id)).toMatchObject({
      status: 'paused',
      pausedReason: 'auto',
      health: { lastStatus: null, lastError: 'timed out', consecutiveFailures: 3 },
    });
    expect((await store.subscriptions.recordFailure(id, { status: 500, error: 'x' }, 3)).paused).toBe(false);
    expect(await store.subscriptions.setStatus(id, 'active')).toMatchObject({
      status: 'active',
      health: { consecutiveFailures: 0 },
    });
  });

  it('keeps the WEBHOOK_URL subscription in step with the configuration', async () => {
    await store.subscriptions.syncConfigured({
      url: 'https://one.example/',
      secret: 'secret-one-0123456789',
    });
    await store.subscriptions.syncConfigured({
      url: 'https://two.example/',
      secret: 'secret-two-0123456789',
    });
    expect(await store.subscriptions.target(CONFIGURED_SUBSCRIPTION.id)).toMatchObject({
      name: 'WEBHOOK_URL',
      url: 'https://two.example/',
      secret: 'secret-two-0123456789',
      filters: { topics: [], countries: [], minScore: null, originalsOnly: false },
    });
    await store.subscriptions.syncConfigured(null);
    expect(await store.subscriptions.find(CONFIGURED_SUBSCRIPTION.id)).toBeNull();
  });
});
