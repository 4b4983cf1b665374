// Owns sample messages and a stage context for tests, so every stage test
// builds its inputs the same way and a schema change is fixed in one place.

import { type ArticleEvent, articleEvent } from './article-event';
import { createSilentLogger } from './logger';
import type { ExtractedArticle, TaggedArticle } from './messages';
import type { StageContext } from './stage';

/**
 * A context for one test run of a stage. Its afterCommit drops tasks, as when outputs never reach
 * the queue; `deliverStage` from @newsq/queue runs a message the whole way, commit tasks included.
 */
export function testStageContext(): StageContext {
  return {
    logger: createSilentLogger(),
    jobId: 'test-job',
    attempt: 1,
    signal: new AbortController().signal,
    afterCommit: () => {},
  };
}

export function sampleExtractedArticle(overrides: Partial<ExtractedArticle> = {}): ExtractedArticle {
  const url = overrides.url ?? 'https://news.example/a';
  return {
    version: 1,
    feedId: 'feed-1',
    guid: url,
    url,
    finalUrl: url,
    declaredCanonicalUrl: null,
    title: 'Sanctions widened',
    byline: null,
    authors: [],
    publishedAt: '2024-09-20T10:00:00.000Z',
    modifiedAt: null,
    language: 'en',
    siteName: null,
    leadImage: null,
    text: 'Body.',
    html: '<p>Body.</p>',
    wordCount: 1,
    method: 'readability',
    ...overrides,
  };
}

export function sampleTaggedArticle(overrides: Partial<TaggedArticle> = {}): TaggedArticle {
  return {
    ...sampleExtractedArticle(),
    canonicalUrl: 'https://news.example/a',
    contentHash: 'hash-1',
    cluster: 'cluster-1',
    duplicateOf: null,
    similarity: null,
    topics: [{ id: 'sanctions', score: 0.9, evidence: [{ term: 'sanctions', count: 1, where: 'title' }] }],
    entities: { countries: [{ code: 'RU', name: 'Russia' }], people: [], organizations: [] },
    ...overrides,
  };
}

/** An `article.stored` event for a sample article, with ids computed as the store computes them. */
export function sampleArticleEvent(overrides: Partial<TaggedArticle> = {}): ArticleEvent {
  return articleEvent(sampleTaggedArticle(overrides), '2024-09-20T10:05:00.000Z', {
    event: 'article.stored',
    changes: [],
  });
}

/** mulberry32: a tiny seeded PRNG, enough for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
