// The feed-poll deployable: the scheduler plus the feed-poll workers.
import { runService } from '@newsq/runtime';
import { buildFeedPollStage, startFeedScheduler } from './build';

await runService('feed-poll', async (runtime) => {
  await startFeedScheduler(runtime);
  return [await buildFeedPollStage(runtime)];
});
