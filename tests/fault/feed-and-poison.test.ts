// Two kinds of input that once cost work or lost it: a feed larger than the seen-set's usual bound,
// whose old items must never be sent again when the feed changes, and a poison item that fails every
// attempt, which must end alone in the dead-letter set while everything else is stored.
import { describe, expect, it } from 'vitest';
import { startFaultSite } from './support/fault-site';
import { addFeeds, drain, expectEndState, startFaultRun } from './support/harness';

describe('fault: a feed larger than the seen-set, and a poison item', () => {
  it('fetches each item of a 6,000-item feed once across changes, and dead-letters only the poison', async () => {
    const site = await startFaultSite();
    const items = Array.from({ length: 6_000 }, (_, index) => index);
    site.feeds.set('/big.xml', { items, extra: ['/poison'] });
    const run = await startFaultRun({
      siteHost: site.host,
      env: { ARTICLE_FETCH_CONCURRENCY: '50', LOG_LEVEL: 'warn' },
    });
    try {
      await addFeeds(run, [`${site.origin}/big.xml`]);
      await drain(run, 600_000);
      // The feed changes: one new item on top. A new poll must send that one alone.
      site.feeds.set('/big.xml', { items: [6_000, ...items], extra: ['/poison'] });
      await run.store.migrate();
      const [feed] = await run.store.feeds.list();
      await run.store.feeds.setStatus(feed!.id, 'active');
      await drain(run, 600_000);
      const urls = [...items, 6_000].map((index) => `${site.origin}${site.articlePath(index)}`);
      await expectEndState(run, { urls, deadLetters: [`${site.origin}/poison`] });
      for (const index of [...items, 6_000])
        expect(site.hits.get(site.articlePath(index)), `item ${index}`).toBe(1);
    } finally {
      await run.close();
      await site.close();
    }
  }, 1_500_000);
});
