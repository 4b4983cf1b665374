// Wires the store stage to the database named by DATABASE_URL.
import type { Runtime } from '@newsq/runtime';
import { createStoreStage } from './store.stage';

export async function buildStoreStage(runtime: Runtime) {
  const store = await runtime.store();
  return createStoreStage({ upsert: (article) => store.upsertArticle(article) });
}
