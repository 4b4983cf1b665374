// Owns the dedupe benchmarks: CPU of one check (fingerprint + compare) on the dev pairs when
// ../shared is present; cost of one check against index sizes of 1k to 1M articles, for the
// in-memory and the Redis index, against a brute-force 5-shingle Jaccard scan measured in the
// same run; and index bytes per article. BENCH_DEDUPE_MAX_SIZE caps the index sizes (the 1M
// index needs GBs of memory).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '@newsq/core/testing';
import {
  compareFingerprints,
  createDedupeIndex,
  createMemoryDedupeStore,
  type DedupeIndex,
  type DedupeStore,
  fingerprintDocument,
  type IndexEntry,
  normalizeText,
} from '@newsq/dedupe';
import { lightlyEdit, syntheticArticle } from '@newsq/dedupe/testing';
import { createRedis, createRedisDedupeStore, type Redis, type RedisDedupeStore } from '@newsq/redis';
import { startPrivateRedis, uniquePrefix } from '@newsq/redis/testing';

interface BenchContext {
  shared: string | null;
  log: (line: string) => void;
}

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
/** Largest index measured unless BENCH_DEDUPE_MAX_SIZE says otherwise: 1M articles need GBs of memory. */
const DEFAULT_MAX_SIZE = 100_000;
/** Articles indexed through the real check path at every size; the rest are synthetic band entries. */
const REAL_ARTICLES = 1_000;
const PROBES = 200;
const BANDS_PER_ARTICLE = 51;
/** A V8 Map holds at most 2^24 entries: the in-process index is for batches and tests, not 1M articles. */
const MEMORY_STORE_MAX = 100_000;
const BRUTE_FORCE_MEASURED = [1_000, 10_000];

const realArticles = Array.from({ length: REAL_ARTICLES }, (_, i) => syntheticArticle(10_000 + i, 300));
/** Half copies of indexed articles (the confirm path), half new stories (the insert path). */
const probes = Array.from({ length: PROBES }, (_, i) =>
  i % 2 === 0
    ? { id: `probe-${i}`, title: 'copy', text: lightlyEdit((realArticles[i] ?? realArticles[0])!.text, 3, i) }
    : { id: `probe-${i}`, ...syntheticArticle(900_000 + i, 300) },
);

function randomBucketKeys(random: () => number): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS_PER_ARTICLE - 1; band++) {
    keys.push(`${band.toString(36)}.${Math.floor(random() * 2 ** 32).toString(36)}`);
  }
  keys.push(`x.${Math.floor(random() * 2 ** 48).toString(36)}`);
  return keys;
}

async function indexReal(index: DedupeIndex): Promise<void> {
  for (let i = 0; i < realArticles.length; i++) await index.check({ id: `real-${i}`, ...realArticles[i]! });
}

/** Median cost of one check (robust to the noise of a shared machine) and how many copies were caught. */
async function timeProbes(index: DedupeIndex): Promise<{ perCheckUs: number; duplicates: number }> {
  let duplicates = 0;
  const durations: number[] = [];
  for (const probe of probes) {
    const started = process.hrtime.bigint();
    if ((await index.check(probe)).duplicateOf !== null) duplicates++;
    durations.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  durations.sort((a, b) => a - b);
  return { perCheckUs: durations[Math.floor(durations.length / 2)] as number, duplicates };
}

function shingleSet(text: string): Uint32Array {
  const words = normalizeText(text).split(' ');
  const set = new Set<number>();
  for (let i = 0; i + 5 <= words.length; i++) {
    let h = 0x811c9dc5;
    const shingle = words.slice(i, i + 5).join(' ');
    for (let c = 0; c < shingle.length; c++) h = Math.imul(h ^ shingle.charCodeAt(c), 0x01000193);
    set.add(h >>> 0);
  }
  return Uint32Array.from(set).sort();
}

function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if ((a[i] as number) < (b[j] as number)) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Brute force: exact Jaccard of the probe against every stored shingle set (the accuracy reference). */
function timeBruteForce(size: number): number {
  const stored: Uint32Array[] = realArticles.map((article) => shingleSet(article.text));
  const random = seededRandom(size);
  while (stored.length < size) {
    stored.push(Uint32Array.from({ length: 290 }, () => Math.floor(random() * 2 ** 32)).sort());
  }
  const sample = probes.slice(0, 20).map((probe) => shingleSet(probe.text));
  let matches = 0;
  const started = process.hrtime.bigint();
  for (const probe of sample) for (const other of stored) if (jaccard(probe, other) >= 0.5) matches++;
  if (matches < 0) throw new Error('unreachable');
  return Number(process.hrtime.bigint() - started) / 1000 / sample.length;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Server-side time of the commit script per call since the last RESETSTAT (INFO commandstats). */
async function scriptMicroseconds(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  const line = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(stats);
  return line ? Number(line[2]) / Number(line[1]) : Number.NaN;
}

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/**
 * Writes synthetic bucket references straight into the shard hashes at the density real traffic gives
 * (fields named like band keys, 12-character tags), much faster than 1M scripted commits.
 */
async function prefillRedis(redis: Redis, store: RedisDedupeStore, articles: number): Promise<void> {
  const { shards } = store.layout;
  const perShard = (articles * BANDS_PER_ARTICLE) / shards;
  let carry = 0;
  let serial = 0;
  for (let first = 0; first < shards; first += 2048) {
    const pipeline = redis.pipeline();
    for (let shard = first; shard < Math.min(shards, first + 2048); shard++) {
      carry += perShard;
      const fields = Math.floor(carry);
      carry -= fields;
      if (fields === 0) continue;
      const args: string[] = [];
      for (let i = 0; i < fields; i++, serial++) {
        const name = serial.toString(36);
        args.push(`${(serial % 50).toString(36)}.s${name}`, name.padStart(12, '~'));
      }
      pipeline.hset(store.layout.shardKey(shard), ...args);
    }
    await pipeline.exec();
  }
}

interface CorpusPair {
  a: { title: string; text: string };
  b: { title: string; text: string };
}

/** CPU microseconds per round of `work`, the median of `rounds` rounds (robust on a shared machine). */
function cpuPerRound(rounds: number, work: () => void): number {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    samples.push(used.user + used.system);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

/**
 * CPU of the check's own work on real news text: each document fingerprinted, each pair compared, against
 * the exact 5-shingle Jaccard of the same pair (shingle both texts, intersect) measured in the same run.
 */
function measureCorpusCpu(shared: string, log: (line: string) => void): void {
  const pairs = readFileSync(join(shared, 'corpus/dedupe/pairs.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusPair);
  const documents = pairs.length * 2;
  const check = () => {
    for (const pair of pairs) {
      compareFingerprints(fingerprintDocument(pair.a).fingerprint, fingerprintDocument(pair.b).fingerprint);
    }
  };
  const exact = () => {
    for (const pair of pairs) jaccard(shingleSet(pair.a.text), shingleSet(pair.b.text));
  };
  check();
  exact();
  const checkUs = cpuPerRound(15, check) / documents;
  const exactUs = cpuPerRound(15, exact) / documents;
  log(
    `dedupe dev pairs (${documents} documents): fingerprint + compare ${format(checkUs)} CPU per document, ` +
      `exact 5-shingle Jaccard ${format(exactUs)} (x${(checkUs / exactUs).toFixed(1)})`,
  );
}

function format(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(0)} µs`;
}

export async function run(ctx: BenchContext): Promise<void> {
  const { log } = ctx;
  const maxSize = Number(process.env.BENCH_DEDUPE_MAX_SIZE ?? DEFAULT_MAX_SIZE);
  if (!Number.isInteger(maxSize) || maxSize < SIZES[0]!) {
    throw new Error(`dedupe bench: BENCH_DEDUPE_MAX_SIZE must be an integer of at least ${SIZES[0]}`);
  }
  const sizes = SIZES.filter((size) => size <= maxSize);
  log(`dedupe: index sizes ${sizes.join(', ')} (BENCH_DEDUPE_MAX_SIZE=${maxSize})`);
  if (ctx.shared) measureCorpusCpu(ctx.shared, log);
  else log('dedupe dev pairs: skipped (../shared absent)');
  log(
    'dedupe: median cost of one check (fingerprint + candidates + confirmation + commit) against index size',
  );
  log(
    `dedupe: ${REAL_ARTICLES} articles indexed through check(), the rest synthetic band entries; ${PROBES} probes`,
  );

  const brute = new Map<number, number>();
  for (const size of BRUTE_FORCE_MEASURED) brute.set(size, timeBruteForce(size));
  const bruteAt = (size: number) => {
    const measured = brute.get(size);
    if (measured !== undefined) return { us: measured, label: 'measured' };
    const largest = BRUTE_FORCE_MEASURED[BRUTE_FORCE_MEASURED.length - 1] as number;
    return { us: ((brute.get(largest) as number) * size) / largest, label: `extrapolated from ${largest}` };
  };

  // Warm the JIT so the first size does not pay for it.
  const warmIndex = createDedupeIndex({ store: createMemoryDedupeStore() });
  await indexReal(warmIndex);
  await timeProbes(warmIndex);
  const fingerprintStart = process.hrtime.bigint();
  for (const probe of probes) fingerprintDocument(probe);
  const fingerprintUs = Number(process.hrtime.bigint() - fingerprintStart) / 1000 / probes.length;
  log(
    `dedupe: fingerprint alone (256 MinHash permutations, 50 bands of 3): ${format(fingerprintUs)} per article`,
  );

  // In-memory index.
  for (const size of sizes) {
    const reference = bruteAt(size);
    if (size > MEMORY_STORE_MAX) {
      log(`dedupe memory n=${size}: skipped (in-process index is bounded by V8 Map size; use Redis)`);
      continue;
    }
    const heapBefore = process.memoryUsage().heapUsed;
    const store = createMemoryDedupeStore();
    const index = createDedupeIndex({ store });
    await indexReal(index);
    const random = seededRandom(size);
    // Synthetic entries share one record the size of a real one: only their buckets cost memory of their own.
    const sharedRecord = new Uint8Array(Math.round(store.stats().recordBytes / store.stats().entries));
    for (let i = REAL_ARTICLES; i < size; i++) {
      const entry: IndexEntry = {
        id: `syn-${i}`,
        bucketKeys: randomBucketKeys(random),
        record: sharedRecord,
      };
      store.insertUnchecked(entry);
    }
    const heapPerArticle = (process.memoryUsage().heapUsed - heapBefore) / size;
    const { perCheckUs, duplicates } = await timeProbes(index);
    log(
      `dedupe memory n=${size}: ${format(perCheckUs)}/check, brute force ${format(reference.us)}/check (${reference.label}), ` +
        `x${(reference.us / perCheckUs).toFixed(1)}; ${duplicates}/${PROBES / 2} copies found; ` +
        `${Math.round(store.stats().bytes / store.stats().entries)} B/article by store accounting ` +
        // Below 10k articles the heap delta is GC noise.
        (size >= 10_000 ? `(heap delta ~${Math.round(heapPerArticle)} B/article)` : ''),
    );
  }

  // Redis index.
  const privateServer = process.env.REDIS_URL ? null : await startPrivateRedis().catch(() => null);
  const url = process.env.REDIS_URL ?? privateServer?.url;
  if (!url) {
    log('dedupe redis: skipped (REDIS_URL unset and no redis-server to start)');
    return;
  }
  const redis: Redis = createRedis(url);
  try {
    log(`dedupe redis: ${privateServer ? 'private redis-server' : 'REDIS_URL'}`);
    for (const size of sizes) {
      const prefix = uniquePrefix('bench-dedupe');
      // Sized as an operator would for this volume: the whole index in one generation (a quarter of 30 days).
      const store = createRedisDedupeStore(redis, { prefix, retentionDays: 30, articlesPerDay: size / 7.5 });
      const index = createDedupeIndex({ store: store as DedupeStore });
      const before = await usedMemory(redis);
      await indexReal(index);
      const afterReal = await usedMemory(redis);
      const started = Date.now();
      await prefillRedis(redis, store, size - REAL_ARTICLES);
      const fillSeconds = (Date.now() - started) / 1000;
      const afterFill = await usedMemory(redis);
      await redis.config('RESETSTAT');
      const { perCheckUs, duplicates } = await timeProbes(index);
      const serverUs = await scriptMicroseconds(redis);
      const reference = bruteAt(size);
      const recordSizes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => redis.memory('USAGE', store.layout.recordKey(`real-${i}`))),
      );
      const recordBytes =
        recordSizes.reduce<number>((sum, bytes) => sum + Number(bytes ?? 0), 0) / recordSizes.length;
      // Bucket bytes from the synthetic fill where there is one (the denser, realistic layout).
      const bucketBytes =
        size > REAL_ARTICLES
          ? (afterFill - afterReal) / (size - REAL_ARTICLES)
          : (afterReal - before) / REAL_ARTICLES - recordBytes;
      log(
        `dedupe redis n=${size}: ${format(perCheckUs)}/check, brute force ${format(reference.us)}/check (${reference.label}), ` +
          `x${(reference.us / perCheckUs).toFixed(1)}; Redis time ${format(serverUs)} per commit script; ` +
          `${duplicates}/${PROBES / 2} copies found; ` +
          `${Math.round(recordBytes + bucketBytes)} B/article (record ${Math.round(recordBytes)} + buckets ` +
          `${Math.round(bucketBytes)}, INFO used_memory delta); ${store.layout.shards} shards, fill ${fillSeconds.toFixed(0)} s`,
      );
      await deleteByPrefix(redis, prefix);
    }
  } finally {
    await redis.quit();
    await privateServer?.stop();
  }
}
