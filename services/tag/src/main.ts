// The tag deployable.
import { runService } from '@newsq/runtime';
import { buildTagStage } from './build';

await runService('tag', async (runtime) => [buildTagStage(runtime)]);
