// A Google News sitemap as a source, end to end: `newsq feeds add` detects it, `newsq run` takes every
// article it lists through the pipeline with the sitemap's metadata, and `newsq feeds ls` shows what the
// poll learned (kind, interval).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ARTICLES, type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { uniquePrefix } from '@newsq/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunEnv, runNewsq } from '../support/processes';

interface ListedArticle {
  url: string;
  title: string;
  publishedAt: string | null;
}

describe('a Google News sitemap as a source', () => {
  let site: FixtureSite;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    site = await startFixtureSite();
    env = fixtureRunEnv({
      redisUrl: process.env.REDIS_URL!,
      prefix: uniquePrefix('sitemap-e2e'),
      databaseUrl: `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-sitemap-')), 'newsq.db')}`,
      hosts: [new URL(site.url).host],
    });
  });
  afterAll(() => site?.close());

  it('yields every article it lists, and feeds ls shows its kind and learned interval', async () => {
    const added = await runNewsq(['feeds', 'add', site.newsSitemapUrl], env);
    expect(added.stdout).toMatch(/^added [0-9a-f]{16} news-sitemap /);
    const run = await runNewsq(['run', '--until-idle'], env, 240_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const articles = (await runNewsq(['articles', 'ls', '--json'], env)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ListedArticle);
    expect(articles).toHaveLength(FIXTURE_ARTICLES.length);
    const stored = new Map(articles.map((article) => [new URL(article.url).pathname, article]));
    for (const fixture of FIXTURE_ARTICLES) {
      expect(stored.get(fixture.path)?.title, fixture.path).toBe(fixture.title);
      expect(stored.get(fixture.path)?.publishedAt).not.toBeNull();
    }

    const [feed] = (await runNewsq(['feeds', 'ls', '--json'], env)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(feed).toMatchObject({ kind: 'news-sitemap', health: 'ok', itemsSeen: FIXTURE_ARTICLES.length });
    expect(feed.intervalSeconds).toBeGreaterThan(0);
    expect(feed.rhythm.window).toBe(FIXTURE_ARTICLES.length);
    const table = (await runNewsq(['feeds', 'ls'], env)).stdout;
    expect(table).toMatch(/INTERVAL\s+PER DAY\s+KIND\s+PUSH/);
    expect(table).toMatch(/\d+(?:s|m|h\d\dm|d)\s+\S+\s+news-sitemap\s+-/);
  });
});
