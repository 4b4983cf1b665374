import { createDedupeIndex, type DedupeIndex, type DedupeVerdict } from '@newsq/dedupe';
import { lightlyEdit, syntheticArticle, wrapSyndicated } from '@newsq/dedupe/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisDedupeStore } from './dedupe-store';
import { type PrivateRedis, startPrivateRedis, uniquePrefix } from './testing';

const DAY_MS = 86_400_000;

describe('createRedisDedupeStore', () => {
  let server: PrivateRedis | null = null;
  let url: string;
  const connections: Redis[] = [];

  function connect(): Redis {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  }

  function workerIndex(redis: Redis, prefix: string, now: () => number = Date.now): DedupeIndex {
    const store = createRedisDedupeStore(redis, { prefix, retentionDays: 30, now });
    return createDedupeIndex({ store, retentionDays: 30, now });
  }

  beforeAll(async () => {
    if (process.env.REDIS_URL) {
      url = process.env.REDIS_URL;
    } else {
      server = await startPrivateRedis();
      url = server.url;
    }
  });

  afterAll(async () => {
    await Promise.all(connections.map((redis) => redis.quit()));
    await server?.stop();
  });

  it('lets exactly one of two copies racing on two workers pass as the original', async () => {
    const prefix = uniquePrefix('dedupe-race');
    const workers = [workerIndex(connect(), prefix), workerIndex(connect(), prefix)] as const;
    for (let round = 0; round < 60; round++) {
      const story = syntheticArticle(1000 + round);
      const copies = [
        { id: `race-${round}-wire`, title: story.title, text: story.text },
        {
          id: `race-${round}-resold`,
          title: story.title,
          text: wrapSyndicated(story.text, 'Example Gazette'),
        },
      ];
      const verdicts: DedupeVerdict[] = await Promise.all([
        workers[0].check(copies[round % 2] as (typeof copies)[0]),
        workers[1].check(copies[(round + 1) % 2] as (typeof copies)[0]),
      ]);
      const originals = verdicts.filter((verdict) => verdict.duplicateOf === null);
      expect(originals).toHaveLength(1);
      const original = originals[0] as DedupeVerdict;
      const duplicate = verdicts.find((verdict) => verdict.duplicateOf !== null) as DedupeVerdict;
      expect(duplicate.duplicateOf).toBe(original.cluster);
      expect(duplicate.cluster).toBe(original.cluster);
    }
  });

  it('gives a redelivered article the verdict it got the first time, on any worker', async () => {
    const prefix = uniquePrefix('dedupe-redeliver');
    const first = workerIndex(connect(), prefix);
    const second = workerIndex(connect(), prefix);
    const story = syntheticArticle(42);
    const original = await first.check({ id: 'orig', title: story.title, text: story.text });
    const copy = { id: 'copy', title: story.title, text: lightlyEdit(story.text, 3, 9) };
    const duplicate = await first.check(copy);
    expect(original).toEqual({ duplicateOf: null, cluster: 'orig', similarity: null, exact: false });
    expect(duplicate.duplicateOf).toBe('orig');
    expect(await second.check(copy)).toEqual(duplicate);
    expect(await second.check({ id: 'orig', title: story.title, text: story.text })).toEqual(original);
  });

  it('forgets articles past the retention window and puts a TTL on every key', async () => {
    const prefix = uniquePrefix('dedupe-retention');
    const redis = connect();
    let clock = Date.now();
    const index = workerIndex(redis, prefix, () => clock);
    const story = syntheticArticle(77);
    await index.check({ id: 'old', title: story.title, text: story.text });
    clock += 31 * DAY_MS;
    const late = await index.check({ id: 'late', title: story.title, text: story.text });
    expect(late.duplicateOf).toBeNull();

    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    const ttls = await Promise.all(keys.map((key) => redis.ttl(key)));
    expect(ttls.every((ttl) => ttl > 0)).toBe(true);
  });

  it('keeps bucket hashes compact (listpack) even for a story reprinted many times', async () => {
    const prefix = uniquePrefix('dedupe-compact');
    const redis = connect();
    const index = workerIndex(redis, prefix);
    const story = syntheticArticle(88);
    for (let copy = 0; copy < 12; copy++) {
      const verdict = await index.check({
        id: `copy-${copy}`,
        title: story.title,
        text: lightlyEdit(story.text, 2, copy),
      });
      expect(verdict.cluster).toBe('copy-0');
    }
    const bucketKeys = await redis.keys(`${prefix}:dd:b:*`);
    const encodings = new Set(await Promise.all(bucketKeys.map((key) => redis.object('ENCODING', key))));
    expect([...encodings]).toEqual(['listpack']);
  });

  it('keeps different stories apart and indexes exact copies', async () => {
    const prefix = uniquePrefix('dedupe-verdicts');
    const index = workerIndex(connect(), prefix);
    const a = syntheticArticle(5);
    const b = syntheticArticle(6);
    expect((await index.check({ id: 'a', ...a })).duplicateOf).toBeNull();
    expect((await index.check({ id: 'b', ...b })).duplicateOf).toBeNull();
    expect(await index.check({ id: 'a2', title: 'Other headline', text: a.text.toUpperCase() })).toEqual({
      duplicateOf: 'a',
      cluster: 'a',
      similarity: 1,
      exact: true,
    });
  });
});
