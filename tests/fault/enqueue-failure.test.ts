// Redis refuses writes for a moment right after a feed is fetched, so the poll's items cannot be
// enqueued at once. The feed's validators are only saved once its items are safely queued, so nothing
// is lost to a 304 on the next try; the refused writes are waited out without spending attempts.
import { createRedis } from '@newsq/redis';
import { describe, expect, it } from 'vitest';
import { startFaultSite } from './support/fault-site';
import { addFeeds, drain, expectEndState, startFaultRun } from './support/harness';

const ARTICLES = 20;

describe('fault: Redis refuses writes right after a feed fetch', () => {
  it('enqueues every item once writes are accepted again, and stores each once', async () => {
    const site = await startFaultSite();
    site.feeds.set('/feed.xml', { items: Array.from({ length: ARTICLES }, (_, index) => index) });
    const run = await startFaultRun({ siteHost: site.host });
    const admin = createRedis(run.redis.url);
    let refusals = 0;
    try {
      await addFeeds(run, [`${site.origin}/feed.xml`]);
      site.onFeedServed = () => {
        if (refusals > 0) return;
        refusals += 1;
        // Out of memory under noeviction: every write is refused until the limit is lifted.
        void admin
          .config('SET', 'maxmemory', '1')
          .then(() => setTimeout(() => void admin.config('SET', 'maxmemory', '0'), 800));
      };
      await drain(run);
      expect(refusals).toBe(1);
      await expectEndState(run, {
        urls: Array.from({ length: ARTICLES }, (_, index) => `${site.origin}${site.articlePath(index)}`),
      });
      const messages = run.logLines().map((line) => String(line.msg));
      expect(messages.some((msg) => msg.startsWith('redis unavailable'))).toBe(true);
      expect(messages.filter((msg) => msg.includes('will retry') || msg.includes('dead-letter'))).toEqual([]);
    } finally {
      admin.disconnect();
      await run.close();
      await site.close();
    }
  }, 300_000);
});
