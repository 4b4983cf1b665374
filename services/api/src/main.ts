// The api deployable: read API and live stream, feeds, subscriptions, metrics (on METRICS_PORT too,
// when set), the OpenAPI document, the pipeline overview, the queue dashboard and the WebSub callbacks.
import { QUEUES, redactSecrets } from '@newsq/core';
import { createQueue, QueueAdmin } from '@newsq/queue';
import { createRuntime, describeStartupError, serveMetrics } from '@newsq/runtime';
import { isLoopbackAddress } from './auth';
import { buildApi } from './server';

try {
  const runtime = await createRuntime('api');
  const { config } = runtime;
  const admin = new QueueAdmin(runtime.redis, config.NEWSQ_PREFIX);
  runtime.onClose(() => admin.close());
  const feedPoll = createQueue(QUEUES.feedPoll, {
    connection: runtime.redis,
    prefix: config.NEWSQ_PREFIX,
    policy: runtime.policy,
  });
  runtime.onClose(() => feedPoll.close());
  const app = await buildApi({
    store: await runtime.store(),
    redis: runtime.redis,
    admin,
    logger: runtime.logger,
    prefix: config.NEWSQ_PREFIX,
    token: config.API_TOKEN ?? null,
    loopbackBind: isLoopbackAddress(config.API_HOST),
    websub: {
      enqueuePush: async (request, jobId) => {
        await feedPoll.add(QUEUES.feedPoll, request, { jobId });
      },
      maxPushBytes: config.FEED_POLL_MAX_BYTES,
    },
    streamMaxClients: config.API_STREAM_MAX_CLIENTS,
  });
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
  // A scraper beside the api reads /metrics here without a key (METRICS_HOST is loopback by default).
  if (config.METRICS_PORT !== undefined) {
    const server = await serveMetrics(app.metrics, config.METRICS_PORT, config.METRICS_HOST);
    runtime.onClose(() => new Promise<void>((resolve) => server.close(() => resolve())));
  }
  const stop = async (signal: string) => {
    runtime.logger.info({ signal }, 'api: stopping');
    await app.close();
    await runtime.close();
    runtime.logger.info('api: stopped');
    process.exit(0);
  };
  // Handlers before the "started" line: whoever waits for that line may signal at once.
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  runtime.logger.info({ address: app.addresses() }, 'api: started');
} catch (error) {
  const line = describeStartupError(error);
  process.stderr.write(`api: ${redactSecrets(line ?? (error as Error).stack ?? String(error))}\n`);
  process.exit(1);
}
