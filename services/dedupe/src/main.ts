// The dedupe deployable.
import { runService } from '@newsq/runtime';
import { buildDedupeStage } from './build';

await runService('dedupe', async (runtime) => [buildDedupeStage(runtime)]);
