// The read API on both engines, with articles stored through the real store stage (its upsert, the
// article stream, the outbox): every filter, full-text search with phrases, cursor pages across
// inserts, one article with its cluster, topic counts, bounded parameters, key scopes, the live stream
// (an article stored after connecting arrives within a second; a reconnect with Last-Event-ID resumes),
// subscriptions, and an OpenAPI 3.x document that lists every route.
import { ArticleEvent, type TaggedArticle } from '@newsq/core';
import { sampleTaggedArticle, testStageContext } from '@newsq/core/testing';
import { deliverStage, QueueAdmin } from '@newsq/queue';
import { createArticleStream, createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { createStoreStage } from '@newsq/service-store/stage';
import { Store } from '@newsq/store';
import { TEST_ENGINES } from '@newsq/store/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './server';
import { buildTestApi } from './testing';

const token = 'test-token-0123456789';

interface Story {
  slug: string;
  title: string;
  text: string;
  topics?: [string, number][];
  countries?: string[];
  people?: string[];
  feedId?: string;
  publishedAt?: string;
  duplicateOf?: string;
}

// Written for these tests.
const STORIES: Story[] = [
  {
    slug: 'corridor',
    title: 'Ministers agree a grain corridor',
    text: 'Navies offered military support to escort the convoys.',
    topics: [['military-cooperation', 0.5]],
    countries: ['TR'],
    people: ['Ayla Demir'],
    feedId: 'feed-a',
    publishedAt: '2024-05-01T08:00:00Z',
  },
  {
    slug: 'tools-ban',
    title: 'Sanctions ban exports of machine tools',
    text: 'The listed firms made drone parts for the army, investigators said.',
    topics: [
      ['sanctions', 0.9],
      ['arms-trade', 0.4],
    ],
    countries: ['RU', 'KP'],
    people: ['Jonas Berg'],
    feedId: 'feed-a',
    publishedAt: '2024-05-02T08:00:00Z',
  },
  {
    slug: 'pledge',
    title: 'Allies pledge military support',
    text: 'The package adds radars and training for crews.',
    topics: [
      ['military-cooperation', 0.8],
      ['arms-trade', 0.6],
    ],
    countries: ['KP', 'RU'],
    feedId: 'feed-b',
    publishedAt: '2024-05-03T08:00:00Z',
  },
  {
    slug: 'tools-ban-copy',
    title: 'Sanctions ban exports of machine tools',
    text: 'Syndicated.',
    topics: [['sanctions', 0.9]],
    countries: ['RU'],
    feedId: 'feed-c',
    publishedAt: '2024-05-02T09:00:00Z',
    duplicateOf: 'https://news.example/tools-ban',
  },
];

function tagged(story: Story): TaggedArticle {
  const url = `https://news.example/${story.slug}`;
  return sampleTaggedArticle({
    url,
    finalUrl: url,
    canonicalUrl: url,
    title: story.title,
    text: story.text,
    html: `<p>${story.text}</p>`,
    contentHash: `hash-${story.slug}`,
    cluster: `cluster-${(story.duplicateOf ?? url).split('/').pop()}`,
    duplicateOf: story.duplicateOf ?? null,
    similarity: story.duplicateOf ? 0.96 : null,
    feedId: story.feedId ?? 'feed-a',
    publishedAt: story.publishedAt ?? null,
    topics: (story.topics ?? []).map(([id, score]) => ({ id, score, evidence: [] })),
    entities: {
      countries: (story.countries ?? []).map((code) => ({ code, name: code })),
      people: (story.people ?? []).map((name) => ({ name })),
      organizations: [],
    },
  });
}

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads Server-Sent Events from a streaming fetch until `count` messages with data have come. */
function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (count: number, timeoutMs: number): Promise<SseMessage[]> => {
    const messages: SseMessage[] = [];
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count) {
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const message: SseMessage = {};
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(': ');
          if (field === 'id' || field === 'event' || field === 'data') message[field] = rest.join(': ');
        }
        if (message.data !== undefined) messages.push(message);
      }
      if (messages.length >= count) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`sse: ${messages.length} of ${count} messages within ${timeoutMs} ms`);
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('sse: timed out')), left)),
      ]);
      if (chunk.done) throw new Error('sse: stream ended');
      buffer += chunk.value;
    }
    return messages;
  };
  return { next, close: () => reader.cancel() };
}

describe.each(TEST_ENGINES)('read API on %s', (_engine, databaseUrl) => {
  const redis = createRedis(process.env.REDIS_URL!);
  const prefix = uniquePrefix('read-api');
  let store: Store;
  let admin: QueueAdmin;
  let app: App;
  let origin: string;
  let readKey: string;
  const auth = { authorization: `Bearer ${token}` };
  const ids = new Map<string, string>();

  const storeArticle = async (story: Story) => {
    const stage = createStoreStage({
      upsert: (item) => store.articles.upsert(item),
      markPublished: (id, hash, tagging) => store.articles.markPublished(id, hash, tagging),
      sinks: [createArticleStream(redis, { prefix, maxLength: 1000 })],
      publishDuplicates: true,
    });
    const run = await deliverStage(stage, tagged(story), testStageContext());
    ids.set(story.slug, run.outputs[0]!.data.id);
  };
  const get = (url: string, headers: Record<string, string> = auth) => app.inject({ url, headers });
  const slugsOf = (body: { items: { canonicalUrl: string }[] }) =>
    body.items.map((item) => item.canonicalUrl.split('/').pop()!);

  beforeAll(async () => {
    store = Store.open(databaseUrl());
    await store.migrate();
    admin = new QueueAdmin(redis, prefix);
    app = await buildTestApi({ store, redis, admin, prefix, token });
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
    readKey = (await store.apiKeys.create('reader', 'read')).key;
    for (const story of STORIES) await storeArticle(story);
  });
  afterAll(async () => {
    await app.close();
    await admin.close();
    await store.close();
    redis.disconnect();
  });

  it('filters by every parameter, alone and together', async () => {
    const cases: [string, string[]][] = [
      ['', ['tools-ban-copy', 'pledge', 'tools-ban', 'corridor']],
      ['topic=arms-trade', ['pledge', 'tools-ban']],
      ['topic=arms-trade&min_score=0.5', ['pledge']],
      ['country=kp', ['pledge', 'tools-ban']],
      ['person=jonas%20berg', ['tools-ban']],
      ['feed=feed-b', ['pledge']],
      ['cluster=cluster-tools-ban', ['tools-ban-copy', 'tools-ban']],
      ['originals=true&country=RU', ['pledge', 'tools-ban']],
      ['originals=false', ['tools-ban-copy']],
      ['since=2024-05-02T08:00:00Z&until=2024-05-03', ['tools-ban-copy', 'tools-ban']],
      ['time=stored&since=2000-01-01', ['tools-ban-copy', 'pledge', 'tools-ban', 'corridor']],
      ['time=stored&until=2000-01-01', []],
      ['topic=sanctions&country=KP&q=%22machine%20tools%22', ['tools-ban']],
    ];
    for (const [query, expected] of cases) {
      const response = await get(`/api/v1/articles?${query}`);
      expect(response.statusCode, query).toBe(200);
      expect(slugsOf(response.json()), query).toEqual(expected);
    }
    const [first] = (await get('/api/v1/articles?topic=sanctions&originals=true')).json().items;
    expect(first).toMatchObject({
      title: 'Sanctions ban exports of machine tools',
      topics: [
        { id: 'sanctions', score: 0.9, evidence: [] },
        { id: 'arms-trade', score: 0.4, evidence: [] },
      ],
      entities: { countries: [{ code: 'RU' }, { code: 'KP' }] },
      duplicateOf: null,
    });
    expect(first).not.toHaveProperty('html');
  });

  it('searches words and phrases, ranked by the title', async () => {
    const search = async (q: string) =>
      slugsOf((await get(`/api/v1/articles?q=${encodeURIComponent(q)}`)).json());
    expect(await search('military support')).toEqual(['pledge', 'corridor']);
    expect(await search('"military support"')).toEqual(['pledge', 'corridor']);
    expect(await search('"support military"')).toEqual([]);
    expect(await search('drones army')).toEqual(['tools-ban']);
    expect(await search('sanction tools')).toEqual(['tools-ban-copy', 'tools-ban']);
    expect(
      slugsOf(
        (await get(`/api/v1/articles?q=${encodeURIComponent('"machine tools"')}&sort=newest&limit=1`)).json(),
      ),
    ).toEqual(['tools-ban-copy']);
  });

  it('pages by cursor across inserts: no article twice, none skipped', async () => {
    const all = slugsOf((await get('/api/v1/articles?limit=1000')).json());
    const seen: string[] = [];
    let next: string | null = null;
    let inserted = 0;
    do {
      const response = await get(`/api/v1/articles?limit=2${next === null ? '' : `&cursor=${next}`}`);
      expect(response.statusCode).toBe(200);
      const page = response.json();
      seen.push(...slugsOf(page));
      next = page.next;
      await storeArticle({ slug: `late-${inserted++}`, title: 'Late story', text: 'Late.' });
    } while (next !== null);
    expect(seen).toEqual(all);
    expect((await get('/api/v1/articles?limit=1000')).json().items).toHaveLength(all.length + inserted);
  });

  it('serves one article with its cluster, a cluster, and topic counts over a window', async () => {
    const copy = await get(`/api/v1/articles/${ids.get('tools-ban-copy')}`);
    expect(copy.statusCode).toBe(200);
    expect(copy.json()).toMatchObject({
      article: {
        canonicalUrl: 'https://news.example/tools-ban-copy',
        html: '',
        duplicateOf: 'https://news.example/tools-ban',
      },
      cluster: {
        id: 'cluster-tools-ban',
        original: { id: ids.get('tools-ban'), canonicalUrl: 'https://news.example/tools-ban' },
        duplicates: [{ id: ids.get('tools-ban-copy'), similarity: 0.96 }],
      },
    });
    expect((await get(`/api/v1/articles/${ids.get('pledge')}`)).json().article.html).toBe(
      '<p>The package adds radars and training for crews.</p>',
    );
    expect((await get('/api/v1/articles/nope')).statusCode).toBe(404);
    expect((await get('/api/v1/clusters/cluster-tools-ban')).json().duplicates).toHaveLength(1);
    expect((await get('/api/v1/clusters/nope')).json()).toEqual({
      error: 'not_found',
      message: 'no such cluster',
    });
    expect((await get('/api/v1/topics?since=2024-05-02T00:00:00Z')).json()).toEqual({
      since: '2024-05-02T00:00:00Z',
      until: null,
      time: 'published',
      topics: [
        { topic: 'arms-trade', count: 2 },
        { topic: 'military-cooperation', count: 1 },
        { topic: 'sanctions', count: 1 },
      ],
    });
  });

  it('answers bad parameters with a 400 and a JSON error that names them', async () => {
    const cursorOfSearch = (await get('/api/v1/articles?q=sanctions&limit=1')).json().next;
    for (const [query, named] of [
      ['limit=1001', 'limit'],
      ['limit=0', 'limit'],
      [`q=${'a'.repeat(257)}`, 'q'],
      ['q=%22%22', 'q'],
      [`q=${Array.from({ length: 13 }, (_, index) => `w${index}`).join('+')}`, 'q'],
      ['min_score=0.5', 'min_score'],
      ['topic=sanctions&min_score=2', 'min_score'],
      ['country=Russia', 'country'],
      ['since=yesterday', 'since'],
      ['originals=yes', 'originals'],
      ['topics=sanctions', 'topics'],
      ['cursor=garbage', 'cursor'],
      [`cursor=${cursorOfSearch}`, 'cursor'],
      ['sort=relevance', 'q'],
    ] as const) {
      const response = await get(`/api/v1/articles?${query}`);
      expect(response.statusCode, query).toBe(400);
      const body = response.json();
      expect(Object.keys(body).sort(), query).toEqual(['error', 'message']);
      expect(body.message, query).toContain(named);
    }
    expect((await get('/api/v1/topics?since=soon')).statusCode).toBe(400);
    expect((await get('/api/v1/stream?last_event_id=x')).statusCode).toBe(400);
  });

  it('needs a key for every route but health, and the admin scope to change anything', async () => {
    for (const url of ['/api/v1/articles', '/api/v1/stream', '/api/v1/topics', '/openapi.json', '/docs']) {
      const refused = await get(url, {});
      expect(refused.statusCode, url).toBe(401);
      expect(refused.json(), url).toMatchObject({ error: 'unauthorized' });
    }
    const asReader = { authorization: `Bearer ${readKey}` };
    expect((await get('/api/v1/articles', asReader)).statusCode).toBe(200);
    expect((await get('/api/v1/subscriptions', asReader)).statusCode).toBe(403);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/subscriptions',
      headers: asReader,
      payload: { name: 'x', url: 'https://hooks.example/' },
    });
    expect(created.statusCode).toBe(403);
    expect(created.json()).toMatchObject({ error: 'forbidden' });
    expect((await get('/healthz', {})).statusCode).toBe(200);
  });

  it('streams articles stored after the client connected, and resumes from Last-Event-ID', async () => {
    const open = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${origin}/api/v1/stream${query}`, { headers: { ...auth, ...headers } });
    const live = await open('?topic=sanctions');
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const reader = sseReader(live);
    // Not about sanctions: filtered out. Then one that is, timed from its storing.
    await storeArticle({ slug: 'weather', title: 'Rain all week', text: 'Umbrellas.' });
    const storedAt = Date.now();
    await storeArticle({
      slug: 'live-1',
      title: 'Sanctions widened',
      text: 'New listings.',
      topics: [['sanctions', 0.9]],
    });
    const [first] = await reader.next(1, 1_000);
    expect(Date.now() - storedAt).toBeLessThan(1_000);
    expect(first!.event).toBe('article.stored');
    const event = ArticleEvent.parse(JSON.parse(first!.data!));
    expect(event.canonicalUrl).toBe('https://news.example/live-1');
    await reader.close();

    // Stored while no client is connected: a reconnect from the last id gets exactly these.
    await storeArticle({
      slug: 'live-2',
      title: 'Sanctions on shipping',
      text: 'Tankers.',
      topics: [['sanctions', 0.7]],
    });
    await storeArticle({
      slug: 'live-3',
      title: 'Sanctions on banks',
      text: 'Banks.',
      topics: [['sanctions', 0.8]],
    });
    const resumed = sseReader(await open('?topic=sanctions', { 'last-event-id': first!.id! }));
    const missed = await resumed.next(2, 2_000);
    expect(missed.map((message) => ArticleEvent.parse(JSON.parse(message.data!)).canonicalUrl)).toEqual([
      'https://news.example/live-2',
      'https://news.example/live-3',
    ]);
    await resumed.close();
    // Without filters, the same point resumes with everything after it.
    const unfiltered = sseReader(await open(`?last_event_id=${first!.id}`));
    expect((await unfiltered.next(2, 2_000)).map((message) => message.event)).toEqual([
      'article.stored',
      'article.stored',
    ]);
    await unfiltered.close();
  });

  it('manages subscriptions with their secret shown once and their dead letters', async () => {
    const post = (url: string, payload?: object) =>
      app.inject({ method: 'POST', url, headers: auth, ...(payload === undefined ? {} : { payload }) });
    const created = await post('/api/v1/subscriptions', {
      name: 'kp-desk',
      url: 'https://hooks.example/kp',
      filters: { topics: ['sanctions'], countries: ['kp'], minScore: 0.5 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const subscription = created.json();
    expect(subscription).toMatchObject({
      name: 'kp-desk',
      status: 'active',
      filters: { topics: ['sanctions'], countries: ['KP'], minScore: 0.5, originalsOnly: false },
      health: { consecutiveFailures: 0, lastStatus: null },
    });
    expect(subscription.secret).toMatch(/^whsec_/);
    expect(
      (await post('/api/v1/subscriptions', { name: 'kp-desk', url: 'https://hooks.example/' })).statusCode,
    ).toBe(409);
    expect(
      (await post('/api/v1/subscriptions', { name: 'bad', url: 'ftp://hooks.example/' })).statusCode,
    ).toBe(400);
    const listed = (await get('/api/v1/subscriptions')).json();
    expect(listed.map((item: { name: string }) => item.name)).toEqual(['kp-desk']);
    expect(JSON.stringify(listed)).not.toContain(subscription.secret);
    expect((await post(`/api/v1/subscriptions/${subscription.id}/pause`)).json()).toMatchObject({
      status: 'paused',
      pausedReason: 'manual',
    });
    expect((await post('/api/v1/subscriptions/kp-desk/resume')).json().status).toBe('active');
    expect((await get(`/api/v1/subscriptions/${subscription.id}/dead-letters`)).json()).toEqual([]);
    expect((await post(`/api/v1/subscriptions/${subscription.id}/dead-letters/replay`)).json()).toEqual({
      replayed: 0,
    });
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/subscriptions/${subscription.id}`, headers: auth }))
        .statusCode,
    ).toBe(204);
    expect((await get(`/api/v1/subscriptions/${subscription.id}`)).statusCode).toBe(404);
  });

  it('documents every route in an OpenAPI 3.x document, with the event contract, and serves /docs', async () => {
    const response = await get('/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    // Every route but the web pages (the pipeline overview and its login, the queue dashboard, this
    // document's page), the WebSub callbacks hubs call, and HEAD twins.
    const webPages = ['/admin/queues', '/docs', '/dashboard', '/login', '/logout', '/websub'];
    const served = servedRoutes(app).filter(
      ({ method, url }) => method !== 'HEAD' && !webPages.some((page) => url.startsWith(page)),
    );
    expect(served.length).toBeGreaterThan(20);
    for (const { method, url } of served) {
      expect(documented, `${method} ${url}`).toContain(`${method} ${url.replace(/:(\w+)/g, '{$1}')}`);
    }
    expect(document.components.schemas.ArticleEvent.oneOf).toHaveLength(2);
    expect(document.webhooks.article.post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/WebhookPayload',
    );
    const page = await app.inject({ url: '/docs', headers: auth });
    expect([200, 302]).toContain(page.statusCode);
    const html = await app.inject({ url: '/docs/', headers: auth });
    expect(html.body).toContain('swagger-ui');
  });
});

/** Every route the app serves, read from fastify's route tree (one line per node, 4 columns a level). */
function servedRoutes(app: App): { method: string; url: string }[] {
  const path: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?)(?: \(([^)]+)\))?$/.exec(line);
    if (match === null) continue;
    path.length = Math.max(0, match[1]!.length / 4 - 1);
    path.push(match[2]!);
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url: path.join('') });
  }
  return routes;
}
