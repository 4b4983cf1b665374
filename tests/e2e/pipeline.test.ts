// The whole pipeline end to end through real Redis and a real database, driven
// by the `newsq` CLI exactly as an operator would, against the fixture news site; then the api
// deployable over what it stored.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ARTICLES, type FixtureSite, startFixtureSite } from '@newsq/fixture-site';
import { createRedis } from '@newsq/redis';
import { freePort, uniquePrefix } from '@newsq/redis/testing';
import { SIGNATURE_HEADER, verifySignature } from '@newsq/webhooks';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunEnv, runNewsq, startBuilt, uniqueSchema } from '../support/processes';

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

/** The committed JSON Schemas of the event contract, as a consumer would load them. */
function contractValidator(name: string) {
  const ajv = new Ajv2020({ strict: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(`packages/core/schemas/${name}`, 'utf8')));
}

interface Delivery {
  path: string;
  signature: string;
  body: string;
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
    received: [] as Delivery[],
  };
  let sanctionsDeskSecret: string;
  let receiver: Server;
  const delivered = (path: string) => webhook.received.filter((delivery) => delivery.path === path);

  beforeAll(async () => {
    site = await startFixtureSite();
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        webhook.received.push({
          path: request.url ?? '',
          signature: String(request.headers[SIGNATURE_HEADER]),
          body,
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    env = fixtureRunEnv(
      {
        redisUrl: process.env.REDIS_URL!,
        prefix: uniquePrefix('e2e'),
        databaseUrl: databaseUrl(),
        hosts: [new URL(site.url).host],
      },
      {
        WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/newsq`,
        WEBHOOK_SECRET: webhook.secret,
      },
    );
    const added = await runNewsq(['feeds', 'add', site.feedUrl], env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    // A second subscriber beside WEBHOOK_URL, for one topic only.
    const receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const subscribed = await runNewsq(
      [
        'subscriptions',
        'add',
        `${receiverOrigin}/hooks/sanctions`,
        '--name',
        'sanctions-desk',
        '--topic',
        'sanctions',
      ],
      env,
    );
    expect(subscribed.code).toBe(0);
    sanctionsDeskSecret = subscribed.stdout.split('\n')[0]!;
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
    expect(counts).toHaveLength(8);
    for (const row of counts) expect(row, row.queue).toMatchObject({ pending: 0, failed: 0 });
  });

  it('publishes every original once to the article stream as an article.stored event, and no duplicate', async () => {
    const redis = createRedis(process.env.REDIS_URL!);
    const validate = contractValidator('article-event.v1.json');
    try {
      const entries = await redis.xrange(`${env.NEWSQ_PREFIX}:articles`, '-', '+');
      const originals = articles.filter((article) => article.duplicateOf === null);
      expect(entries).toHaveLength(originals.length);
      const published = entries.map(([, fields]) => fields[fields.indexOf('canonical_url') + 1]).sort();
      expect(published).toEqual(originals.map((article) => article.canonicalUrl).sort());
      for (const [, fields] of entries) {
        const event = JSON.parse(fields[fields.indexOf('event') + 1]!);
        expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
        expect(event.event).toBe('article.stored');
        expect(fields[fields.indexOf('type') + 1]).toBe('article.stored');
      }
    } finally {
      redis.disconnect();
    }
  });

  it('delivers one signed webhook per original to WEBHOOK_URL, and the sanctions articles to the sanctions subscriber', () => {
    const validate = contractValidator('webhook-payload.v1.json');
    const originals = articles.filter((article) => article.duplicateOf === null);
    const payloads = (path: string, secret: string) =>
      delivered(path).map((delivery) => {
        expect(verifySignature(secret, delivery.signature, delivery.body)).toBe(true);
        const payload = JSON.parse(delivery.body);
        expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
        return payload as { deliveryId: string; event: { canonicalUrl: string } };
      });
    const everything = payloads('/hooks/newsq', webhook.secret);
    expect(everything.map((payload) => payload.event.canonicalUrl).sort()).toEqual(
      originals.map((article) => article.canonicalUrl).sort(),
    );
    const sanctions = payloads('/hooks/sanctions', sanctionsDeskSecret);
    expect(sanctions.map((payload) => payload.event.canonicalUrl).sort()).toEqual(
      originals
        .filter((article) => article.topics.some((topic) => topic.id === 'sanctions'))
        .map((article) => article.canonicalUrl)
        .sort(),
    );
    expect(sanctions.length).toBeGreaterThan(0);
    expect(sanctions.length).toBeLessThan(originals.length);
    expect(new Set([...everything, ...sanctions].map((payload) => payload.deliveryId)).size).toBe(
      everything.length + sanctions.length,
    );
  });

  it('serves the stored articles from the api: the seed article by topic, country and phrase; a valid OpenAPI document', async () => {
    const token = 'e2e-api-token-0123456789';
    const port = await freePort();
    const api: ChildProcess = startBuilt('api', [], {
      ...env,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      API_TOKEN: token,
    });
    try {
      const origin = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      while ((await fetch(`${origin}/readyz`).catch(() => null))?.status !== 200) {
        if (Date.now() > deadline) throw new Error('api did not become ready');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const headers = { authorization: `Bearer ${token}` };
      const response = await fetch(
        `${origin}/api/v1/articles?topic=sanctions&country=KP&q=${encodeURIComponent('"military support"')}`,
        { headers },
      );
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as { items: ListedArticle[] };
      expect(items.map((item) => item.title)).toContain('Putin and Kim: Allies seeking military support');
      for (const item of items) {
        expect(item.topics.map((topic) => topic.id)).toContain('sanctions');
        expect(item.entities.countries.map((country) => country.code)).toContain('KP');
      }
      const document = (await (await fetch(`${origin}/openapi.json`, { headers })).json()) as {
        openapi: string;
      };
      const result = await new Validator().validate(document as Parameters<Validator['validate']>[0]);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(document.openapi).toMatch(/^3\./);
    } finally {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
  });

  it('polls again without re-emitting anything', async () => {
    const run = await runNewsq(['run', '--until-idle'], env, 120_000);
    expect(run.code).toBe(0);
    const listed = await runNewsq(['articles', 'ls', '--json'], env);
    expect(listed.stdout.trim().split('\n')).toHaveLength(articles.length);
  });
});
