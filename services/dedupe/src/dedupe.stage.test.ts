import { createSilentLogger, type ExtractedArticle } from '@newsq/core';
import { sampleExtractedArticle, testStageContext } from '@newsq/core/testing';
import { contentHash, createDedupeIndex } from '@newsq/dedupe';
import { createQueue, QueueAdmin, runStageOnce, startStage } from '@newsq/queue';
import { createRedis, createRedisDedupeStore } from '@newsq/redis';
import { uniquePrefix } from '@newsq/redis/testing';
import { canonicalizeUrl } from '@newsq/web-text';
import { afterAll, describe, expect, it } from 'vitest';
import { createDedupeStage } from './dedupe.stage';

const ctx = testStageContext();
const paragraph =
  'The port authority said on Tuesday that container volumes rose for a third month as shipping lines added ' +
  'capacity on the northern routes, while warehouse operators reported that storage rents had climbed to a ' +
  'five-year high. Officials expect the expansion of the eastern terminal to finish before the winter season, ' +
  'and dock workers agreed a new two-year wage deal after talks that lasted most of the weekend. ';

function article(url: string, text: string): ExtractedArticle {
  return sampleExtractedArticle({
    url,
    title: 'Port volumes rise',
    text,
    html: '',
    wordCount: text.split(' ').length,
  });
}

describe('dedupe stage on the shared Redis index', () => {
  const redis = createRedis(process.env.REDIS_URL!);
  afterAll(() => redis.disconnect());
  const stage = createDedupeStage({
    index: createDedupeIndex({
      store: createRedisDedupeStore(redis, { prefix: uniquePrefix('dedupe'), retentionDays: 30 }),
    }),
    canonicalizeUrl,
    contentHash,
  });

  it('keeps the first copy, marks a syndicated copy as its duplicate, and gives the same verdict on redelivery', async () => {
    const original = await runStageOnce(
      stage,
      article('https://a.example/story?utm_source=rss', paragraph.repeat(3)),
      ctx,
    );
    const copy = await runStageOnce(
      stage,
      article('https://b.example/wire/story', `(Wire) ${paragraph.repeat(3)}Copyright Wire.`),
      ctx,
    );
    const again = await runStageOnce(
      stage,
      article('https://b.example/wire/story', `(Wire) ${paragraph.repeat(3)}Copyright Wire.`),
      ctx,
    );
    const first = original.outputs[0]!.data;
    expect(first).toMatchObject({ canonicalUrl: 'https://a.example/story', duplicateOf: null });
    expect(copy.outputs[0]!.data).toMatchObject({
      duplicateOf: 'https://a.example/story',
      cluster: first.cluster,
    });
    expect(again.outputs[0]!.data.duplicateOf).toBe('https://a.example/story');
    expect(copy.outputs[0]!.data.similarity).toBeGreaterThan(0.8);
  });
});

describe('two dedupe workers racing on copies of one story', () => {
  it('let exactly one copy through as the original, every time', async () => {
    const connections = [createRedis(process.env.REDIS_URL!), createRedis(process.env.REDIS_URL!)];
    const policy = {
      attempts: 3,
      backoffBaseMs: 10,
      backoffMaxMs: 50,
      keepCompleted: 100,
      keepFailedDays: 1,
      keepFailedCount: 100,
    };
    try {
      for (let round = 0; round < 5; round++) {
        const prefix = uniquePrefix('dedupe-race');
        // Each worker has its own connection and its own index object over the shared Redis index.
        const workers = connections.map((connection) =>
          startStage(
            createDedupeStage({
              index: createDedupeIndex({
                store: createRedisDedupeStore(connection, { prefix, retentionDays: 30 }),
              }),
              canonicalizeUrl,
              contentHash,
            }),
            {
              connection,
              prefix,
              logger: createSilentLogger(),
              policy,
              concurrency: 4,
              shutdownTimeoutMs: 2_000,
            },
          ),
        );
        const input = createQueue('article-dedupe', { connection: connections[0]!, prefix, policy });
        const admin = new QueueAdmin(connections[0]!, prefix, ['article-dedupe', 'article-tag']);
        const story = `${paragraph.repeat(2)} Round ${round}.`;
        await input.addBulk([
          { name: 'article-dedupe', data: article(`https://a.example/story-${round}`, story) },
          { name: 'article-dedupe', data: article(`https://b.example/copy-${round}`, `(Wire) ${story}`) },
        ]);
        while ((await admin.queue('article-tag').getWaitingCount()) < 2)
          await new Promise((resolve) => setTimeout(resolve, 20));
        const verdicts = (await admin.queue('article-tag').getWaiting()).map(
          (job) => job.data as { duplicateOf: string | null },
        );
        expect(verdicts.filter((verdict) => verdict.duplicateOf === null)).toHaveLength(1);
        await Promise.all(workers.map((worker) => worker.close()));
        await input.close();
        await admin.close();
      }
    } finally {
      for (const connection of connections) connection.disconnect();
    }
  });
});
