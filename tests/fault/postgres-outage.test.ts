// PostgreSQL stops for minutes in the middle of a run: the worker process stays up, jobs that need the
// database wait for it without spending attempts (logged once when it goes, once when it is back), and
// when it returns everything is stored exactly once with nothing in the dead-letter set.
import { describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';
import { finished } from '../support/processes';
import { startFaultSite } from './support/fault-site';
import {
  addFeeds,
  expectEndState,
  startFaultRun,
  storedOriginals,
  waitFor,
  waitForIdle,
} from './support/harness';

const ARTICLES = 80;
const OUTAGE_MS = Number(process.env.FAULT_PG_OUTAGE_MS ?? 180_000);

describe('fault: PostgreSQL stopped for three minutes mid-run', () => {
  it('keeps the worker up, waits, and loses nothing', async () => {
    const site = await startFaultSite();
    site.feeds.set('/feed.xml', { items: Array.from({ length: ARTICLES }, (_, index) => index) });
    let postgres: PrivatePostgres | null = await startPrivatePostgres();
    const run = await startFaultRun({ siteHost: site.host, databaseUrl: `${postgres.url}?schema=fault` });
    try {
      await addFeeds(run, [`${site.origin}/feed.xml`]);
      const child = run.start();
      const exited = finished(child, OUTAGE_MS + 300_000);
      await waitFor(async () => (await storedOriginals(run)) >= 10, 120_000, '10 stored');
      await postgres.stop();
      const outageEnds = Date.now() + OUTAGE_MS;
      while (Date.now() < outageEnds) {
        expect(child.exitCode, 'the worker process must stay up through the outage').toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      await postgres.start();
      await waitFor(async () => (await storedOriginals(run)) === ARTICLES, 180_000, 'every article stored');
      // Stored is not finished: publication marks may still be waiting for their next try.
      await waitForIdle(run);
      child.kill('SIGTERM');
      const { code } = await exited;
      expect(code).toBe(0);
      await expectEndState(run, {
        urls: Array.from({ length: ARTICLES }, (_, index) => `${site.origin}${site.articlePath(index)}`),
      });
      const messages = run.logLines().map((line) => String(line.msg));
      // The wait is logged once per outage for the whole process, not once per job or per try (a stale
      // pooled connection met right after the restart may open and close a second, brief episode).
      const down = messages.filter((msg) => msg.startsWith('database unavailable'));
      const back = messages.filter((msg) => msg.startsWith('database available again'));
      expect(down.length).toBeGreaterThanOrEqual(1);
      expect(down.length).toBeLessThanOrEqual(2);
      expect(back).toHaveLength(down.length);
      expect(messages.filter((msg) => msg.includes('will retry') || msg.includes('dead-letter'))).toEqual([]);
    } finally {
      await run.close();
      await site.close();
      await postgres?.destroy();
      postgres = null;
    }
  }, 900_000);
});
