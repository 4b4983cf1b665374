import { type ArticlePublished, createSilentLogger } from '@newsq/core';
import { runStageOnce } from '@newsq/queue';
import { describe, expect, it } from 'vitest';
import { createWebhookStage } from './webhook.stage';

const ctx = { logger: createSilentLogger(), jobId: 'j', attempt: 1, signal: new AbortController().signal };
const event = {
  version: 1,
  event: 'article.published',
  id: 'a1',
  canonicalUrl: 'https://news.example/a',
  contentHash: 'h1',
  article: {
    version: 1,
    feedId: 'f',
    guid: 'g',
    url: 'https://news.example/a',
    finalUrl: 'https://news.example/a',
    declaredCanonicalUrl: null,
    title: 'T',
    byline: null,
    authors: [],
    publishedAt: null,
    modifiedAt: null,
    language: null,
    siteName: null,
    leadImage: null,
    text: 'Body.',
    wordCount: 1,
    method: 'readability',
    canonicalUrl: 'https://news.example/a',
    contentHash: 'h1',
    cluster: 'c',
    duplicateOf: null,
    similarity: null,
    topics: [],
    entities: { countries: [], people: [], organizations: [] },
  },
} satisfies ArticlePublished;

describe('webhook-deliver stage', () => {
  it('delivers each version under a delivery id that names it', async () => {
    const deliveries: string[] = [];
    const stage = createWebhookStage({
      deliver: async (_event, deliveryId) => {
        deliveries.push(deliveryId);
        return 204;
      },
    });
    await runStageOnce(stage, event, ctx);
    expect(deliveries).toEqual(['a1-h1']);
  });

  it('acknowledges events without delivery when no endpoint is configured', async () => {
    expect((await runStageOnce(createWebhookStage({ deliver: null }), event, ctx)).outputs).toEqual([]);
  });
});
