// Owns what a webhook subscription asks for: its filters (topics, countries, a minimum topic score,
// originals only) and the one rule that says whether an article event matches them.
import { z } from 'zod';
import type { ArticleEvent } from './article-event';

export const SubscriptionFilters = z.object({
  topics: z
    .array(z.string().min(1).max(100))
    .max(50)
    .default([])
    .describe('Any of these topics (all topics when empty)'),
  countries: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
        .toUpperCase(),
    )
    .max(250)
    .default([])
    .describe('Any of these countries, ISO 3166-1 alpha-2 (all countries when empty)'),
  minScore: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .default(null)
    .describe('A matching topic must score at least this'),
  originalsOnly: z.boolean().default(false).describe('Leave out duplicates'),
});
export type SubscriptionFilters = z.infer<typeof SubscriptionFilters>;

export const NO_FILTERS: SubscriptionFilters = {
  topics: [],
  countries: [],
  minScore: null,
  originalsOnly: false,
};

/** True when the event's article passes every filter. */
export function matchesSubscription(filters: SubscriptionFilters, event: ArticleEvent): boolean {
  const { article } = event;
  if (filters.originalsOnly && article.duplicateOf !== null) return false;
  if (
    filters.countries.length > 0 &&
    !article.entities.countries.some((country) => filters.countries.includes(country.code.toUpperCase()))
  )
    return false;
  if (filters.topics.length === 0 && filters.minScore === null) return true;
  return article.topics.some(
    (topic) =>
      (filters.topics.length === 0 || filters.topics.includes(topic.id)) &&
      (filters.minScore === null || topic.score >= filters.minScore),
  );
}
