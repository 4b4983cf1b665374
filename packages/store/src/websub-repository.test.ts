import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './store';
import { TEST_ENGINES } from './testing';
import { isPushActive } from './websub-repository';

describe.each(TEST_ENGINES)('WebSubRepository on %s', (_engine, url) => {
  let store: Store;
  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
  });
  afterAll(() => store.close());

  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));

  it('follows a subscription from discovery to an active lease, claimed once per due request', async () => {
    const { feed } = await store.feeds.add('https://news.example/websub.xml');
    const hub = { hub: 'https://hub.example/', topic: feed.url, secret: 'first-secret' };
    await store.websub.recordHub(feed.id, hub, at(0));
    // The same hub again keeps the subscription and its secret.
    await store.websub.recordHub(feed.id, { ...hub, secret: 'second-secret' }, at(1));
    expect(await store.websub.find(feed.id)).toMatchObject({ state: 'new', secret: 'first-secret' });

    const due = await store.websub.claimDue(at(2), 10, 300);
    expect(due.map((subscription) => subscription.feedId)).toEqual([feed.id]);
    expect(await store.websub.claimDue(at(2), 10, 300)).toEqual([]);
    await store.websub.recordRequested(feed.id, at(2), at(62), false);
    await store.websub.recordVerified(feed.id, at(3), 3600, at(57));
    const active = await store.websub.find(feed.id);
    expect(active).toMatchObject({ state: 'active', leaseSeconds: 3600, lastError: null });
    expect(isPushActive(active!, at(10))).toBe(true);
    expect(isPushActive(active!, at(64))).toBe(false);
    expect(await store.websub.claimDue(at(56), 10, 300)).toEqual([]);
    expect(await store.websub.claimDue(at(57), 10, 300)).toHaveLength(1);
    // Renewing keeps it active.
    await store.websub.recordRequested(feed.id, at(57), at(117), true);
    expect((await store.websub.find(feed.id))!.state).toBe('active');

    await store.websub.recordPush(feed.id, { at: at(20), newItems: 2, error: null });
    expect(await store.feeds.find(feed.id)).toMatchObject({
      itemsSeen: 2,
      push: { hub: 'https://hub.example/', state: 'active', lastPushAt: at(20).toISOString() },
    });

    // A different hub starts over with the new secret; no hub any more ends the subscription.
    await store.websub.recordHub(
      feed.id,
      { ...hub, hub: 'https://other-hub.example/', secret: 'third' },
      at(30),
    );
    expect(await store.websub.find(feed.id)).toMatchObject({
      state: 'new',
      secret: 'third',
      leaseSeconds: null,
    });
    await store.websub.recordHub(feed.id, null, at(31));
    expect(await store.websub.find(feed.id)).toBeNull();
    expect((await store.feeds.find(feed.id))!.push).toBeNull();
  });

  it('claims no request for a paused feed and forgets the subscription of a removed one', async () => {
    const { feed } = await store.feeds.add('https://news.example/paused.xml');
    await store.websub.recordHub(
      feed.id,
      { hub: 'https://hub.example/', topic: feed.url, secret: 's' },
      at(0),
    );
    await store.feeds.setStatus(feed.id, 'paused');
    expect(await store.websub.claimDue(at(5), 10, 300)).toEqual([]);
    await store.feeds.remove(feed.id);
    expect(await store.websub.find(feed.id)).toBeNull();
  });
});
