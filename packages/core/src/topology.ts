// Owns the pipeline topology: every queue name and which stage feeds which.
export const QUEUES = {
  feedPoll: 'feed-poll',
  articleFetch: 'article-fetch',
  articleExtract: 'article-extract',
  articleDedupe: 'article-dedupe',
  articleTag: 'article-tag',
  articleStore: 'article-store',
  eventDispatch: 'event-dispatch',
  webhookDeliver: 'webhook-deliver',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Each queue and the queue its stage feeds (null: a sink). */
export const TOPOLOGY: Readonly<Record<QueueName, QueueName | null>> = {
  'feed-poll': 'article-fetch',
  'article-fetch': 'article-extract',
  'article-extract': 'article-dedupe',
  'article-dedupe': 'article-tag',
  'article-tag': 'article-store',
  'article-store': 'event-dispatch',
  'event-dispatch': 'webhook-deliver',
  'webhook-deliver': null,
};

export const ALL_QUEUES: readonly QueueName[] = Object.keys(TOPOLOGY) as QueueName[];
