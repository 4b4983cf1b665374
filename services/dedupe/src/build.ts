// Wires the dedupe stage to the shared Redis index.
import { contentHash, createDedupeIndex } from '@newsq/dedupe';
import { createRedisDedupeStore } from '@newsq/redis';
import type { Runtime } from '@newsq/runtime';
import { canonicalizeUrl } from '@newsq/web-text';
import { createDedupeStage } from './dedupe.stage';

export function buildDedupeStage(runtime: Runtime) {
  const { config, redis } = runtime;
  const store = createRedisDedupeStore(redis, {
    prefix: config.NEWSQ_PREFIX,
    retentionDays: config.DEDUPE_RETENTION_DAYS,
    articlesPerDay: config.DEDUPE_ARTICLES_PER_DAY,
  });
  return createDedupeStage({
    index: createDedupeIndex({ store, retentionDays: config.DEDUPE_RETENTION_DAYS }),
    canonicalizeUrl,
    contentHash,
  });
}
