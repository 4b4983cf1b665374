// Reads on both engines: every filter, full-text search with the same semantics (words, phrases,
// stemming, ranking by the title), cursor paging that neither repeats nor skips while articles are
// inserted, topic counts, clusters.
import type { TaggedArticle, TopicTag } from '@newsq/core';
import { sampleTaggedArticle } from '@newsq/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredArticle } from './article-repository';
import { Store } from './store';
import { TEST_ENGINES } from './testing';

const topic = (id: string, score: number): TopicTag => ({ id, score, evidence: [] });

interface Fixture {
  slug: string;
  title: string;
  text: string;
  topics?: TopicTag[];
  countries?: string[];
  people?: string[];
  feedId?: string;
  publishedAt?: string;
  duplicateOf?: string;
  cluster?: string;
}

// Written for these tests: each differs from the others in the one way a filter looks at.
const FIXTURES: Fixture[] = [
  {
    slug: 'grain-deal',
    title: 'Ministers agree a grain corridor through the strait',
    text: 'The agreement reopens shipping lanes. Insurers welcomed the military support offered to escort convoys.',
    topics: [topic('military-cooperation', 0.5)],
    countries: ['TR', 'UA'],
    people: ['Ayla Demir'],
    feedId: 'feed-a',
    publishedAt: '2024-03-01T08:00:00Z',
  },
  {
    slug: 'export-ban',
    title: 'New sanctions ban exports of machine tools',
    text: 'The sanctioned firms supplied parts for drones. Officials said military support for the front had slowed.',
    topics: [topic('sanctions', 0.9), topic('arms-trade', 0.4)],
    countries: ['RU'],
    people: ['Jonas Berg'],
    feedId: 'feed-a',
    publishedAt: '2024-03-02T08:00:00.500Z',
  },
  {
    slug: 'military-support-pledge',
    title: 'Allies pledge military support and air defence',
    text: 'The package includes radars. Support for training continues; the military will rotate instructors.',
    topics: [topic('military-cooperation', 0.8), topic('arms-trade', 0.6)],
    countries: ['UA', 'DE'],
    people: ['Jonas Berg'],
    feedId: 'feed-b',
    publishedAt: '2024-03-03T08:00:00+01:00',
  },
  {
    slug: 'harvest',
    title: 'Harvest festival draws record crowds',
    text: 'Stalls sold apples and cider. No military or support staff were needed this year.',
    feedId: 'feed-b',
    publishedAt: '2024-03-04T08:00:00Z',
  },
  {
    slug: 'export-ban-copy',
    title: 'New sanctions ban exports of machine tools',
    text: 'Syndicated copy.',
    topics: [topic('sanctions', 0.9)],
    countries: ['RU'],
    feedId: 'feed-c',
    publishedAt: '2024-03-02T09:00:00Z',
    duplicateOf: 'https://news.example/export-ban',
    cluster: 'cluster-export-ban',
  },
];

function tagged(fixture: Fixture): TaggedArticle {
  const url = `https://news.example/${fixture.slug}`;
  return sampleTaggedArticle({
    url,
    finalUrl: url,
    guid: url,
    canonicalUrl: url,
    title: fixture.title,
    text: fixture.text,
    html: `<p>${fixture.text}</p>`,
    contentHash: `hash-${fixture.slug}`,
    cluster: fixture.cluster ?? `cluster-${fixture.slug}`,
    duplicateOf: fixture.duplicateOf ?? null,
    similarity: fixture.duplicateOf ? 0.95 : null,
    feedId: fixture.feedId ?? 'feed-a',
    publishedAt: fixture.publishedAt ?? null,
    topics: fixture.topics ?? [],
    entities: {
      countries: (fixture.countries ?? []).map((code) => ({ code, name: code })),
      people: (fixture.people ?? []).map((name) => ({ name })),
      organizations: [],
    },
  });
}

const slugs = (articles: readonly StoredArticle[]) =>
  articles.map((article) => new URL(article.canonicalUrl).pathname.slice(1));

describe.each(TEST_ENGINES)('article queries on %s', (_engine, url) => {
  let store: Store;
  let storedAt: { before: string; between: string };

  beforeAll(async () => {
    store = Store.open(url());
    await store.migrate();
    const before = new Date().toISOString();
    for (const fixture of FIXTURES.slice(0, 3)) await store.articles.upsert(tagged(fixture));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    for (const fixture of FIXTURES.slice(3)) await store.articles.upsert(tagged(fixture));
    storedAt = { before, between };
  });
  afterAll(() => store.close());

  it('lists newest stored first, and filters by every field', async () => {
    expect(slugs(await store.articles.list())).toEqual([
      'export-ban-copy',
      'harvest',
      'military-support-pledge',
      'export-ban',
      'grain-deal',
    ]);
    const cases: [Parameters<Store['articles']['list']>[0], string[]][] = [
      [{ topic: 'arms-trade' }, ['military-support-pledge', 'export-ban']],
      [{ topic: 'arms-trade', minScore: 0.5 }, ['military-support-pledge']],
      [{ country: 'ua' }, ['military-support-pledge', 'grain-deal']],
      [{ country: 'RU' }, ['export-ban-copy', 'export-ban']],
      [{ person: '  jonas   BERG ' }, ['military-support-pledge', 'export-ban']],
      [{ feed: 'feed-b' }, ['harvest', 'military-support-pledge']],
      [{ cluster: 'cluster-export-ban' }, ['export-ban-copy', 'export-ban']],
      [{ originals: true, country: 'RU' }, ['export-ban']],
      [{ originals: false }, ['export-ban-copy']],
      [{ since: '2024-03-02T08:00:00Z', until: '2024-03-03T06:30:00Z' }, ['export-ban-copy', 'export-ban']],
      [{ since: '2024-03-03T07:00:00Z', until: '2024-03-04T00:00:00Z' }, ['military-support-pledge']],
      [{ time: 'stored', since: storedAt.between }, ['export-ban-copy', 'harvest']],
      [
        { time: 'stored', since: storedAt.before, until: storedAt.between },
        ['military-support-pledge', 'export-ban', 'grain-deal'],
      ],
      [{ topic: 'sanctions', country: 'RU', originals: true, feed: 'feed-a' }, ['export-ban']],
    ];
    for (const [query, expected] of cases) {
      expect(slugs(await store.articles.list(query)), JSON.stringify(query)).toEqual(expected);
    }
  });

  it('searches words and phrases with stemming, ranked by how much of the query the title holds', async () => {
    // Both words anywhere: ranked by title coverage (the pledge's title holds both), then newest.
    expect(slugs(await store.articles.list({ q: 'military support', originals: true }))).toEqual([
      'military-support-pledge',
      'harvest',
      'export-ban',
      'grain-deal',
    ]);
    // The phrase: only where the words are adjacent.
    expect(slugs(await store.articles.list({ q: '"military support"' }))).toEqual([
      'military-support-pledge',
      'export-ban',
      'grain-deal',
    ]);
    // Stemming: "sanction" finds "sanctions" and "sanctioned"; every term is required.
    expect(slugs(await store.articles.list({ q: 'Sanction drones' }))).toEqual(['export-ban']);
    expect(slugs(await store.articles.list({ q: 'sanction', sort: 'newest' }))).toEqual([
      'export-ban-copy',
      'export-ban',
    ]);
    // Search and filters together, and operators of either engine taken as plain words.
    expect(
      slugs(
        await store.articles.list({
          q: '"military support" escort* (convoys)',
          topic: 'military-cooperation',
        }),
      ),
    ).toEqual(['grain-deal']);
    // Stop words count as words on both engines: "the" must be there, and in place within a phrase.
    expect(slugs(await store.articles.list({ q: '"the strait"' }))).toEqual(['grain-deal']);
    expect(slugs(await store.articles.list({ q: '"for the front"' }))).toEqual(['export-ban']);
    expect(slugs(await store.articles.list({ q: '"for front"' }))).toEqual([]);
    expect(slugs(await store.articles.list({ q: 'military -support* & (radars)' }))).toEqual([
      'military-support-pledge',
    ]);
    await expect(store.articles.list({ q: '"" ... !' })).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(store.articles.list({ sort: 'relevance' })).rejects.toMatchObject({ code: 'invalid_query' });
  });

  it('pages by cursor without repeating or skipping while articles are inserted', async () => {
    for (const sort of ['newest', 'relevance'] as const) {
      const query = sort === 'newest' ? {} : { q: 'military support' };
      const expected = slugs(await store.articles.list({ ...query, limit: 100 }));
      const seen: string[] = [];
      let cursor: string | null | undefined;
      let inserted = 0;
      do {
        const page = await store.articles.page({ ...query, sort, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...slugs(page.items));
        cursor = page.next;
        // A concurrent writer between every two pages, with articles that match the query too.
        await store.articles.upsert(
          tagged({
            slug: `late-${sort}-${inserted++}`,
            title: 'Military support arrives late',
            text: 'Military support.',
          }),
        );
      } while (cursor !== null);
      expect(seen).toEqual(expected);
    }
    await expect(store.articles.page({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
    const relevance = await store.articles.page({ q: 'military', limit: 1 });
    await expect(store.articles.page({ cursor: relevance.next! })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
  });

  it('reads one article with its body, topic counts over a window, and matches ids against filters', async () => {
    const [pledge] = await store.articles.list({ q: '"air defence"' });
    const full = await store.articles.get(pledge!.id);
    expect(full).toMatchObject({ title: 'Allies pledge military support and air defence' });
    expect(full?.html).toContain('<p>The package includes radars.');
    expect(await store.articles.get('missing')).toBeNull();
    expect(
      await store.articles.topicCounts({ since: '2024-03-02T00:00:00Z', until: '2024-03-05T00:00:00Z' }),
    ).toEqual([
      { topic: 'arms-trade', count: 2 },
      { topic: 'military-cooperation', count: 1 },
      { topic: 'sanctions', count: 1 },
    ]);
    const ids = (await store.articles.list({ limit: 1000 })).map((article) => article.id);
    const matched = await store.articles.matching(ids, { topic: 'sanctions', q: 'tools' });
    expect([...matched]).toEqual([(await store.articles.list({ topic: 'sanctions' }))[0]!.id]);
    expect((await store.articles.matching(ids, {})).size).toBe(ids.length);
  });
});
