// The worker process is killed with SIGKILL three times in the middle of a run, then Redis is
// restarted: jobs the dead processes held are found stalled and run again, their politeness slots
// lapse, and the end state is exact: every article stored once, one stream entry each, no failed job.
import { describe, expect, it } from 'vitest';
import { finished } from '../support/processes';
import { startFaultSite } from './support/fault-site';
import { addFeeds, drain, expectEndState, startFaultRun, storedOriginals, waitFor } from './support/harness';

const ARTICLES = 150;

describe('fault: kill -9 three times, then a Redis restart', () => {
  it('stores every article exactly once and dead-letters nothing', async () => {
    const site = await startFaultSite();
    site.feeds.set('/feed.xml', { items: Array.from({ length: ARTICLES }, (_, index) => index) });
    const run = await startFaultRun({ siteHost: site.host });
    try {
      await addFeeds(run, [`${site.origin}/feed.xml`]);
      for (const progress of [10, 45, 90]) {
        const child = run.start();
        const exited = finished(child, 180_000);
        await waitFor(async () => (await storedOriginals(run)) >= progress, 150_000, `${progress} stored`);
        child.kill('SIGKILL');
        expect((await exited).signal).toBe('SIGKILL');
      }
      expect(await storedOriginals(run)).toBeLessThan(ARTICLES);
      await run.restartRedis();
      await drain(run);
      await expectEndState(run, {
        urls: Array.from({ length: ARTICLES }, (_, index) => `${site.origin}${site.articlePath(index)}`),
      });
      // Stalled jobs are said so in the log, with their stage.
      const stalls = run.logLines().filter((line) => String(line.msg).includes('job stalled'));
      expect(stalls.length).toBeGreaterThan(0);
      // Each page was fetched once per attempt that reached it: at most a few refetches after the kills.
      const fetched = Array.from(
        { length: ARTICLES },
        (_, index) => site.hits.get(site.articlePath(index)) ?? 0,
      );
      expect(Math.min(...fetched)).toBe(1);
    } finally {
      await run.close();
      await site.close();
    }
  }, 600_000);
});
