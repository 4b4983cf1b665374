// The webhook deliverable.
import { runService } from '@newsq/runtime';
import { buildWebhookStage } from './build';

await runService('webhook', async (runtime) => [buildWebhookStage(runtime)]);
