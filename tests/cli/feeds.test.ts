// The feed registry through the CLI: add (with the source type detected), discover, pause, resume,
// remove, and an OPML round trip of 1,000 feeds with a progress bar.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureSite } from '@newsq/fixture-site';
import { describe, expect, it } from 'vitest';
import { childEnv, runNewsq } from '../support/processes';

describe('newsq feeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsq-feeds-'));
  const env = childEnv({ DATABASE_URL: `sqlite:${join(dir, 'newsq.db')}` });

  it('imports 1,000 feeds from OPML with a progress bar, lists them with health and exports them', async () => {
    const outlines = Array.from(
      { length: 1000 },
      (_, index) =>
        `<outline type="rss" text="Feed ${index}" xmlUrl="https://host${index % 50}.example/feed-${index}.xml"/>`,
    );
    const opml = join(dir, 'feeds.opml');
    writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="all">${outlines.join('')}</outline></body></opml>`,
    );

    const imported = await runNewsq(['feeds', 'import', opml], env, 120_000);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('1000/1000 feeds');
    expect(imported.stdout).toContain('imported 1000 feeds');

    const again = await runNewsq(['feeds', 'import', opml], env, 120_000);
    expect(again.stdout).toContain('0 new, 1000 already present');

    const listed = await runNewsq(['feeds', 'ls', '--json'], env);
    const feeds = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(feeds).toHaveLength(1000);
    expect(feeds[0]).toMatchObject({
      status: 'active',
      health: 'new',
      itemsSeen: 0,
      lastError: null,
      lastPolledAt: null,
    });

    const table = await runNewsq(['feeds', 'ls'], env);
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+HEALTH\s+ITEMS\s+LAST POLL/);
    expect(table.stdout).toContain('1000 feeds');

    const exported = await runNewsq(['feeds', 'export'], env);
    expect(exported.stdout.match(/<outline /g)).toHaveLength(1000);
  });

  it('adds, pauses, resumes and removes a feed', async () => {
    const url = 'https://news.example/rss.xml';
    expect((await runNewsq(['feeds', 'add', url], env)).stdout).toMatch(/^added [0-9a-f]{16} /);
    expect((await runNewsq(['feeds', 'add', url], env)).stdout).toMatch(/^exists /);
    expect((await runNewsq(['feeds', 'pause', url], env)).code).toBe(0);
    const paused = (await runNewsq(['feeds', 'ls', '--json'], env)).stdout
      .split('\n')
      .find((line) => line.includes(url))!;
    expect(JSON.parse(paused).status).toBe('paused');
    expect((await runNewsq(['feeds', 'resume', url], env)).code).toBe(0);
    expect((await runNewsq(['feeds', 'rm', url], env)).stdout).toBe(`removed ${url}\n`);
    const missing = await runNewsq(['feeds', 'rm', url], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`newsq feeds rm: no feed ${url}\n`);
    expect((await runNewsq(['feeds', 'add', 'ftp://x'], env)).stderr).toMatch(/must be http\(s\)/);
  });

  it('detects feeds and each kind of sitemap on add, and discovers what a site offers', async () => {
    const site = await startFixtureSite();
    try {
      const siteEnv = (name: string) =>
        childEnv({
          DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`,
          FETCH_ALLOWED_PRIVATE_HOSTS: new URL(site.url).host,
        });
      const added = await runNewsq(
        ['feeds', 'add', site.feedUrl, site.sitemapUrl, site.newsSitemapUrl],
        siteEnv('add'),
      );
      expect(added.code).toBe(0);
      expect(added.stdout.split('\n').map((line) => line.split(' ').slice(2).join(' '))).toEqual([
        `feed ${site.feedUrl}`,
        `sitemap-index ${site.sitemapUrl}`,
        `news-sitemap ${site.newsSitemapUrl}`,
        '',
      ]);
      const page = await runNewsq(['feeds', 'add', `${site.url}/`], siteEnv('add'));
      expect(page.code).toBe(1);
      expect(page.stderr).toContain('is neither a feed nor a sitemap');
      expect(page.stderr).toContain('newsq feeds discover');

      const discovered = await runNewsq(['feeds', 'discover', site.url, '--json'], siteEnv('discover'));
      expect(discovered.code).toBe(0);
      expect(
        discovered.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        { url: site.feedUrl, kind: 'feed', title: 'The Northgate Courier', foundBy: 'html' },
        { url: site.sitemapUrl, kind: 'sitemap-index', title: null, foundBy: 'robots' },
        { url: site.newsSitemapUrl, kind: 'news-sitemap', title: null, foundBy: 'path' },
      ]);
      const subscribed = await runNewsq(['feeds', 'discover', site.url, '--add'], siteEnv('discover'));
      expect(subscribed.stdout).toMatch(/^KIND\s+URL\s+TITLE\s+FOUND IN/);
      expect(subscribed.stdout.match(/^added [0-9a-f]{16} /gm)).toHaveLength(3);
      const listed = await runNewsq(['feeds', 'ls', '--json'], siteEnv('discover'));
      expect(
        listed.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line).kind)
          .sort(),
      ).toEqual(['feed', 'news-sitemap', 'sitemap-index']);
    } finally {
      await site.close();
    }
  });
});
