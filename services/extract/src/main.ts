// The extract deployable.
import { runService } from '@newsq/runtime';
import { buildExtractStage } from './build';

await runService('extract', async (runtime) => [buildExtractStage(runtime)]);
