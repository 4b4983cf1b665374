import { sampleArticlePublished, testStageContext } from '@newsq/core/testing';
import { runStageOnce } from '@newsq/queue';
import { describe, expect, it } from 'vitest';
import { createWebhookStage } from './webhook.stage';

const ctx = testStageContext();
const event = sampleArticlePublished();

describe('webhook-deliver stage', () => {
  it('delivers each version under a delivery id that names it', async () => {
    const deliveries: string[] = [];
    const stage = createWebhookStage({
      deliver: async (_event, deliveryId) => {
        deliveries.push(deliveryId);
        return 204;
      },
    });
    await runStageOnce(stage, event, ctx);
    expect(deliveries).toEqual(['article-1-hash-1']);
  });

  it('acknowledges events without delivery when no endpoint is configured', async () => {
    expect((await runStageOnce(createWebhookStage({ deliver: null }), event, ctx)).outputs).toEqual([]);
  });
});
