// The store deployable.
import { runService } from '@newsq/runtime';
import { buildStoreStage } from './build';

await runService('store', async (runtime) => [await buildStoreStage(runtime)]);
