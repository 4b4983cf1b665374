// `newsq backfill` through the compiled CLI after a taxonomy change: exactly the stored articles whose
// tagging changes are updated and published as `article.updated` (tagging), the others are left alone,
// and running it again sends nothing (a finished run says so; --restart finds nothing left to change).
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taggingFingerprint } from '@newsq/core';
import { type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { defaultTaxonomyPath, loadTaxonomy, tagArticle } from '@newsq/tagging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunEnv, runNewsq } from '../support/processes';

/** An operator's new topic: weather stories, which the shipped taxonomy has no topic for. */
const WEATHER_TOPIC = `
  - id: weather
    label: Weather
    terms:
      storm: 3
      windy: 3
      rain: 2
      forecast: 2
      gust: 2
      flood: 1
`;

describe('newsq backfill', () => {
  let site: FixtureSite;
  let env: NodeJS.ProcessEnv;
  let databaseUrl: string;
  let taxonomyPath: string;
  const prefix = uniquePrefix('backfill');

  beforeAll(async () => {
    site = await startFixtureSite();
    const dir = mkdtempSync(join(tmpdir(), 'newsq-backfill-'));
    databaseUrl = `sqlite:${join(dir, 'newsq.db')}`;
    taxonomyPath = join(dir, 'taxonomy.yaml');
    copyFileSync(defaultTaxonomyPath, taxonomyPath);
    writeFileSync(taxonomyPath, `${readFileSync(taxonomyPath, 'utf8')}${WEATHER_TOPIC}`);
    env = fixtureRunEnv({
      redisUrl: process.env.REDIS_URL!,
      prefix: prefix,
      databaseUrl: databaseUrl,
      hosts: [new URL(site.url).host],
    });
    expect((await runNewsq(['feeds', 'add', site.feedUrl], env)).code).toBe(0);
    expect((await runNewsq(['run', '--until-idle'], env, 240_000)).code).toBe(0);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('updates exactly the articles whose tagging changes, once', async () => {
    const store = Store.open(databaseUrl);
    const redis = createRedis(process.env.REDIS_URL!);
    try {
      const before = (await store.articles.list({ originals: true, limit: 1000 })).filter(
        (article) => article.duplicateOf === null,
      );
      const shipped = loadTaxonomy();
      const changed = loadTaxonomy(taxonomyPath);
      const expected = before
        .filter((article) => {
          const old = tagArticle(article, shipped);
          const next = tagArticle(article, changed);
          return (
            taggingFingerprint(old.topics, old.entities) !== taggingFingerprint(next.topics, next.entities)
          );
        })
        .map((article) => article.id)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(before.length);

      const withTaxonomy = { ...env, TAG_TAXONOMY_PATH: taxonomyPath };
      const backfill = await runNewsq(['backfill', '--since', '2000-01-01', '--stage', 'tag'], withTaxonomy);
      expect(backfill.code).toBe(0);
      expect(backfill.stdout).toContain(`${before.length} articles examined, ${expected.length} sent again`);
      expect(backfill.stderr).toMatch(/backfill tag \[.*\] \d+\/\d+ articles/);
      expect((await runNewsq(['run', '--until-idle'], withTaxonomy, 240_000)).code).toBe(0);

      const events = (await redis.xrange(`${prefix}:articles`, '-', '+')).map(([, fields]) =>
        JSON.parse(fields[fields.indexOf('event') + 1]!),
      );
      const updated = events.filter((event) => event.event === 'article.updated');
      expect(updated.map((event) => event.id).sort()).toEqual(expected);
      expect(updated.every((event) => event.changes.includes('tagging'))).toBe(true);
      const weather = await store.articles.list({ topic: 'weather', limit: 100 });
      expect(weather.length).toBeGreaterThan(0);

      const again = await runNewsq(['backfill', '--since', '2000-01-01', '--stage', 'tag'], withTaxonomy);
      expect(again.stdout).toContain('already done');
      const restarted = await runNewsq(
        ['backfill', '--since', '2000-01-01', '--stage', 'tag', '--restart'],
        withTaxonomy,
      );
      expect(restarted.stdout).toContain(`${before.length} articles examined, 0 sent again`);
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('fetches and extracts the stored pages again with --stage extract, and stores nothing that did not change', async () => {
    const redis = createRedis(process.env.REDIS_URL!);
    try {
      const published = await redis.xlen(`${prefix}:articles`);
      const requests = site.requests;
      const backfill = await runNewsq(['backfill', '--since', '2000-01-01', '--stage', 'extract'], env);
      expect(backfill.code).toBe(0);
      expect(backfill.stdout).toMatch(/(\d+) articles examined, \1 sent again/);
      expect((await runNewsq(['run', '--until-idle'], env, 240_000)).code).toBe(0);
      const originals = Number(/(\d+) articles examined/.exec(backfill.stdout)![1]);
      expect(site.requests - requests).toBeGreaterThanOrEqual(originals);
      // The same pages give the same articles: nothing new is published.
      expect(await redis.xlen(`${prefix}:articles`)).toBe(published);
    } finally {
      redis.disconnect();
    }
  });
});
