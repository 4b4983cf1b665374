// The webhook deployable: event-dispatch (events to matching subscriptions) and webhook-deliver (signed POSTs).
import { runService } from '@newsq/runtime';
import { buildWebhookStages } from './build';

await runService('webhook', async (runtime) => buildWebhookStages(runtime));
