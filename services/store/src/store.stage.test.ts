// The store stage against a real SQLite store and a real Redis stream: which event each version
// publishes (article.stored, article.updated with what changed), and once only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArticleEvent, type TaggedArticle } from '@newsq/core';
import { sampleTaggedArticle, testStageContext } from '@newsq/core/testing';
import { deliverStage } from '@newsq/queue';
import { createArticleStream, createRedis } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { Store } from '@newsq/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreStage } from './store.stage';

const ctx = testStageContext();

function article(overrides: Partial<TaggedArticle> = {}): TaggedArticle {
  return sampleTaggedArticle({ contentHash: 'v1', text: 'Body.', ...overrides });
}

describe('store stage', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  const store = Store.open(`sqlite:${join(mkdtempSync(join(tmpdir(), 'newsq-store-stage-')), 'test.db')}`);
  const stream = createArticleStream(redis, { prefix: uniquePrefix('stream'), maxLength: 1000 });
  const stage = (publishDuplicates: boolean) =>
    createStoreStage({
      upsert: (item) => store.articles.upsert(item),
      markPublished: (id, hash, tagging) => store.articles.markPublished(id, hash, tagging),
      sinks: [stream],
      publishDuplicates,
    });
  /** One delivery as the worker runs it: handle, the stream sink, then the afterCommit tasks. */
  const deliver = async (storeStage: ReturnType<typeof stage>, item: TaggedArticle) =>
    (await deliverStage(storeStage, item, ctx)).outputs;
  const entries = async () =>
    (await redis.xrange(stream.key, '-', '+')).map(([, fields]) => {
      const record = Object.fromEntries(
        fields.flatMap((_, index) => (index % 2 === 0 ? [[fields[index], fields[index + 1]]] : [])),
      );
      return { ...record, event: ArticleEvent.parse(JSON.parse(record.event!)) } as {
        type: string;
        event_id: string;
        content_hash: string;
        event: ArticleEvent;
      };
    });

  beforeAll(() => store.migrate());
  afterAll(async () => {
    await store.close();
    redis.disconnect();
  });

  it('stores once and publishes each version once, however often it is delivered', async () => {
    await deliver(stage(false), article());
    await deliver(stage(false), article());
    expect(await entries()).toHaveLength(1);
    await deliver(stage(false), article({ contentHash: 'v2', text: 'Corrected body.' }));
    const published = await entries();
    expect(published.map((entry) => [entry.type, entry.content_hash])).toEqual([
      ['article.stored', 'v1'],
      ['article.updated', 'v2'],
    ]);
    expect(published[1]!.event).toMatchObject({ event: 'article.updated', changes: ['content'] });
    expect(published[1]!.event.article).toMatchObject({
      text: 'Corrected body.',
      canonicalUrl: 'https://news.example/a',
    });
    expect(published[1]!.event.article).not.toHaveProperty('html');
    expect(published[1]!.event_id).toBe(published[1]!.event.eventId);
    expect(published[0]!.event_id).not.toBe(published[1]!.event_id);
    expect(await store.articles.list()).toHaveLength(1);
  });

  it('publishes a re-tag of a stored article as article.updated with the tagging change', async () => {
    await deliver(
      stage(false),
      article({
        contentHash: 'v2',
        text: 'Corrected body.',
        topics: [{ id: 'arms-trade', score: 0.8, evidence: [] }],
      }),
    );
    const last = (await entries()).at(-1)!;
    expect(last.event).toMatchObject({ event: 'article.updated', changes: ['tagging'], contentHash: 'v2' });
    expect(last.event.article.topics.map((topic) => topic.id)).toEqual(['arms-trade']);
    await deliver(stage(false), article({ contentHash: 'v2', text: 'Corrected body.' }));
    expect((await entries()).at(-1)!.event).toMatchObject({ changes: ['tagging'] });
    expect(await entries()).toHaveLength(4);
  });

  it('stores a duplicate as a reference and publishes it only when configured', async () => {
    const copy = article({
      canonicalUrl: 'https://mirror.example/a',
      duplicateOf: 'https://news.example/a',
      contentHash: 'm1',
    });
    await deliver(stage(false), copy);
    expect((await entries()).map((entry) => entry.content_hash)).toEqual(['v1', 'v2', 'v2', 'v2']);
    await deliver(stage(true), copy);
    expect((await entries()).map((entry) => entry.content_hash)).toEqual(['v1', 'v2', 'v2', 'v2', 'm1']);
  });

  it('hands each new version to event-dispatch under a stable job id', async () => {
    const outputs = await deliver(stage(false), article({ contentHash: 'v3' }));
    expect(outputs).toHaveLength(1);
    expect(outputs[0]!.data).toMatchObject({
      event: 'article.updated',
      version: 1,
      contentHash: 'v3',
      canonicalUrl: 'https://news.example/a',
    });
    expect(outputs[0]!.data.article).not.toHaveProperty('html');
    expect(outputs[0]!.jobId).toMatch(/^event-dispatch-[0-9a-f]{40}$/);
    expect(await deliver(stage(false), article({ contentHash: 'v3' }))).toEqual([]);
  });

  it('keeps one stream entry per version when a crash falls between the stream write and the outbox mark', async () => {
    const crashing = createStoreStage({
      upsert: (item) => store.articles.upsert(item),
      markPublished: async () => {
        throw new Error('test: process killed before the outbox mark');
      },
      sinks: [stream],
      publishDuplicates: false,
    });
    await expect(deliver(crashing, article({ contentHash: 'v4' }))).rejects.toThrow(/killed/);
    expect(await deliver(stage(false), article({ contentHash: 'v4' }))).toHaveLength(1);
    expect((await entries()).filter((entry) => entry.content_hash === 'v4')).toHaveLength(1);
  });
});
