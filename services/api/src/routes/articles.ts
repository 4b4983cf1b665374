// Stored articles over HTTP: a filtered, searchable list paged by cursor, one article with its
// cluster, a cluster, topic counts over a window, and the pipeline's state in one document.
import type { ArticleFilters } from '@newsq/store';
import { z } from 'zod';
import {
  type ArticleFiltersQuery,
  ArticleListQuery,
  ArticlePage,
  ArticleWithCluster,
  Cluster,
  ErrorBody,
  IdParams,
  TopicCounts,
  TopicsQuery,
} from '../schemas';
import type { ApiDeps, App } from '../server';

/** The store's filters from the query string's (snake_case on the wire). */
export function articleFilters(query: ArticleFiltersQuery): ArticleFilters {
  const { min_score: minScore, ...rest } = query;
  const filters: ArticleFilters = { time: rest.time };
  for (const key of [
    'topic',
    'country',
    'person',
    'feed',
    'cluster',
    'originals',
    'since',
    'until',
    'q',
  ] as const) {
    if (rest[key] !== undefined) Object.assign(filters, { [key]: rest[key] });
  }
  if (minScore !== undefined) filters.minScore = minScore;
  return filters;
}

const notFound = (what: string) => ({ error: 'not_found', message: `no such ${what}` });

export async function articleRoutes(app: App, deps: ApiDeps): Promise<void> {
  const read = { preHandler: deps.auth.require('read') };
  app.get(
    '/api/v1/pipeline',
    {
      ...read,
      schema: {
        tags: ['operations'],
        summary: 'Job counts per queue, feeds by health, stored articles',
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async () => ({
      queues: await deps.admin.counts(),
      feeds: await deps.store.feeds.healthSummary(),
      articles: await deps.store.articles.count(),
    }),
  );

  app.get(
    '/api/v1/articles',
    {
      ...read,
      schema: {
        tags: ['articles'],
        summary: 'Stored articles matching every filter given, newest stored first or ranked by q',
        description:
          'Paged by cursor: pass `next` as `cursor` for the following page. Pages neither repeat nor skip an article while new ones are stored; new articles appear at the front of a new listing.',
        querystring: ArticleListQuery,
        response: { 200: ArticlePage, 400: ErrorBody },
      },
    },
    async (request) => {
      const { sort, limit, cursor, ...filters } = request.query;
      return deps.store.articles.page({
        ...articleFilters(filters),
        ...(sort === undefined ? {} : { sort }),
        ...(cursor === undefined ? {} : { cursor }),
        limit,
      });
    },
  );

  app.get(
    '/api/v1/articles/:id',
    {
      ...read,
      schema: {
        tags: ['articles'],
        summary: 'One article, with its HTML body and its cluster (the original and its duplicates)',
        params: IdParams,
        response: { 200: ArticleWithCluster, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const article = await deps.store.articles.get(request.params.id);
      if (article === null) return reply.code(404).send(notFound('article'));
      const cluster = (await deps.store.articles.cluster(article.cluster)) ?? {
        id: article.cluster,
        original: null,
        duplicates: [],
      };
      return { article, cluster };
    },
  );

  app.get(
    '/api/v1/clusters/:id',
    {
      ...read,
      schema: {
        tags: ['articles'],
        summary: 'A cluster: the original article and its duplicates (syndicated copies, reposts)',
        params: IdParams,
        response: { 200: Cluster, 404: ErrorBody },
      },
    },
    async (request, reply) =>
      (await deps.store.articles.cluster(request.params.id)) ?? reply.code(404).send(notFound('cluster')),
  );

  app.get(
    '/api/v1/topics',
    {
      ...read,
      schema: {
        tags: ['articles'],
        summary: 'Articles per topic over a window, most frequent first',
        querystring: TopicsQuery,
        response: { 200: TopicCounts, 400: ErrorBody },
      },
    },
    async (request) => ({
      since: request.query.since ?? null,
      until: request.query.until ?? null,
      time: request.query.time,
      topics: await deps.store.articles.topicCounts(articleFilters(request.query)),
    }),
  );
}
