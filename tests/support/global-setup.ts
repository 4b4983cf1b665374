// Gives every test worker a real Redis and PostgreSQL: REDIS_URL and
// TEST_POSTGRES_URL are used when set (CI sets them after starting both);
// otherwise a private redis-server is started for the run.
import { startPrivateRedis } from '@newsq/redis/testing';

export default async function setup(): Promise<() => Promise<void>> {
  process.env.TEST_POSTGRES_URL ??= 'postgres://newsq:newsq@127.0.0.1:5432/newsq';
  if (process.env.REDIS_URL) return async () => {};
  const redis = await startPrivateRedis();
  process.env.REDIS_URL = redis.url;
  return () => redis.stop();
}
