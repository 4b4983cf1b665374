// The article-fetch deployable.
import { runService } from '@newsq/runtime';
import { buildArticleFetchStage } from './build';

await runService('article-fetch', async (runtime) => [buildArticleFetchStage(runtime)]);
