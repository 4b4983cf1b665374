// The whole pipeline end to end through real Redis and a real database, driven
// by the `newsq` CLI exactly as an operator would, against the fixture news site.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ARTICLES, type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { SIGNATURE_HEADER, verifySignature } from '@newsq/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, runNewsq, uniqueSchema } from '../support/processes';

interface ListedArticle {
  url: string;
  canonicalUrl: string;
  title: string;
  text: string;
  publishedAt: string | null;
  topics: { id: string; score: number; evidence: unknown[] }[];
  entities: { countries: { code: string }[]; people: { name: string }[] };
  duplicateOf: string | null;
  cluster: string;
}

const databases = [
  ['PostgreSQL', () => `${process.env.TEST_POSTGRES_URL}?schema=${uniqueSchema('e2e')}`],
  ['SQLite', () => `sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-e2e-')), 'newsq.db')}`],
] as const;

describe.each(databases)('pipeline end to end on %s', (_name, databaseUrl) => {
  let site: FixtureSite;
  let env: NodeJS.ProcessEnv;
  let articles: ListedArticle[];
  const webhook = {
    secret: 'e2e-webhook-secret-0123',
    received: [] as { signature: string; body: string }[],
  };
  let receiver: Server;

  beforeAll(async () => {
    site = await startFixtureSite();
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        webhook.received.push({ signature: String(request.headers[SIGNATURE_HEADER]), body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    env = childEnv({
      WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/newsq`,
      WEBHOOK_SECRET: webhook.secret,
      REDIS_URL: process.env.REDIS_URL!,
      NEWSQ_PREFIX: uniquePrefix('e2e'),
      DATABASE_URL: databaseUrl(),
      FETCH_ALLOWED_PRIVATE_HOSTS: new URL(site.url).host,
      FETCH_HOST_MIN_DELAY_MS: '0',
      FETCH_HOST_CONCURRENCY: '8',
    });
    const added = await runNewsq(['feeds', 'add', site.feedUrl], env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const run = await runNewsq(['run', '--until-idle'], env, 240_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const listed = await runNewsq(['articles', 'ls', '--json'], env);
    expect(listed.code).toBe(0);
    articles = listed.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ListedArticle);
  }, 300_000);

  afterAll(async () => {
    await site?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('stores every unique article exactly once and the syndicated copy as a duplicate', () => {
    const originals = FIXTURE_ARTICLES.filter((fixture) => fixture.syndicationOf === null);
    const copies = FIXTURE_ARTICLES.filter((fixture) => fixture.syndicationOf !== null);
    expect(FIXTURE_ARTICLES.length).toBeGreaterThanOrEqual(20);
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(articles).toHaveLength(FIXTURE_ARTICLES.length);
    expect(new Set(articles.map((article) => article.canonicalUrl)).size).toBe(articles.length);

    const byPath = new Map(articles.map((article) => [new URL(article.url).pathname, article]));
    const copyPaths = new Set(
      copies.flatMap((copy) => [
        copy.path,
        FIXTURE_ARTICLES.find((fixture) => fixture.slug === copy.syndicationOf)!.path,
      ]),
    );
    for (const fixture of originals.filter((item) => !copyPaths.has(item.path))) {
      const stored = byPath.get(fixture.path);
      expect(stored, fixture.path).toBeDefined();
      expect(stored!.duplicateOf, fixture.path).toBeNull();
      expect(stored!.title).toBe(fixture.title);
      expect(stored!.text).toContain(fixture.paragraphs[1]!.slice(0, 60));
      expect(stored!.publishedAt).not.toBeNull();
    }
    // Copies race through the workers: whichever is indexed first is the original, the other refers to it.
    for (const copy of copies) {
      const original = FIXTURE_ARTICLES.find((fixture) => fixture.slug === copy.syndicationOf)!;
      const pair = [byPath.get(copy.path)!, byPath.get(original.path)!];
      const kept = pair.filter((article) => article.duplicateOf === null);
      const referring = pair.filter((article) => article.duplicateOf !== null);
      expect(kept).toHaveLength(1);
      expect(referring).toHaveLength(1);
      expect(referring[0]!.duplicateOf).toBe(kept[0]!.canonicalUrl);
      expect(referring[0]!.cluster).toBe(kept[0]!.cluster);
      expect(referring[0]!.text).toBe('');
      expect(kept[0]!.text).toContain(original.paragraphs[1]!.slice(0, 60));
    }
  });

  it('tags every expected topic, ranks them above any other, and tags nothing outside the taxonomy', () => {
    const byPath = new Map(articles.map((article) => [new URL(article.url).pathname, article]));
    for (const fixture of FIXTURE_ARTICLES) {
      const stored = byPath.get(fixture.path)!;
      if (stored.duplicateOf !== null) continue;
      const expected = new Set<string>(fixture.expectedTopics);
      const ids = stored.topics.map((topic) => topic.id);
      if (expected.size === 0) {
        expect(ids, fixture.path).toEqual([]);
        continue;
      }
      expect(ids, fixture.path).toEqual(expect.arrayContaining([...expected]));
      // A secondary topic (a war mentioned in a sanctions story) may appear, but never outrank the subject.
      const lowestExpected = Math.min(
        ...stored.topics.filter((topic) => expected.has(topic.id)).map((topic) => topic.score),
      );
      for (const topic of stored.topics.filter((item) => !expected.has(item.id))) {
        expect(topic.score, `${fixture.path} ${topic.id}`).toBeLessThanOrEqual(lowestExpected);
      }
    }
    const seed = articles.find((article) => article.title.startsWith('Putin and Kim'))!;
    expect(seed.topics.map((topic) => topic.id)).toEqual(
      expect.arrayContaining(['sanctions', 'arms-trade', 'military-cooperation']),
    );
    for (const topic of seed.topics) expect(topic.evidence.length).toBeGreaterThan(0);
  });

  it('leaves nothing in any queue and no failed job', async () => {
    const queues = await runNewsq(['queues', '--json'], env);
    expect(queues.code).toBe(0);
    const counts = JSON.parse(queues.stdout) as { queue: string; pending: number; failed: number }[];
    expect(counts).toHaveLength(7);
    for (const row of counts) expect(row, row.queue).toMatchObject({ pending: 0, failed: 0 });
  });

  it('publishes every original once to the article stream, and no duplicate', async () => {
    const redis = createRedis(process.env.REDIS_URL!);
    try {
      const entries = await redis.xrange(`${env.NEWSQ_PREFIX}:articles`, '-', '+');
      const originals = articles.filter((article) => article.duplicateOf === null);
      expect(entries).toHaveLength(originals.length);
      const published = entries.map(([, fields]) => fields[fields.indexOf('canonical_url') + 1]).sort();
      expect(published).toEqual(originals.map((article) => article.canonicalUrl).sort());
    } finally {
      redis.disconnect();
    }
  });

  it('delivers one signed webhook per original', () => {
    const originals = articles.filter((article) => article.duplicateOf === null);
    expect(webhook.received).toHaveLength(originals.length);
    for (const delivery of webhook.received) {
      expect(verifySignature(webhook.secret, delivery.signature, delivery.body)).toBe(true);
    }
    const delivered = webhook.received.map(
      (delivery) => (JSON.parse(delivery.body) as { canonicalUrl: string }).canonicalUrl,
    );
    expect(delivered.sort()).toEqual(originals.map((article) => article.canonicalUrl).sort());
  });

  it('polls again without re-emitting anything', async () => {
    const run = await runNewsq(['run', '--until-idle'], env, 120_000);
    expect(run.code).toBe(0);
    const listed = await runNewsq(['articles', 'ls', '--json'], env);
    expect(listed.stdout.trim().split('\n')).toHaveLength(articles.length);
  });
});
