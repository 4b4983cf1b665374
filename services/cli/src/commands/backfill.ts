// `newsq backfill`: sends articles stored since a date through the pipeline again after a taxonomy or
// extractor change. `--stage tag` tags each stored text again here and hands the articles whose tags
// changed to the store stage (which records the change and publishes `article.updated`); `--stage
// extract` fetches and extracts their pages again through the running workers (a new revision, so
// fresh job ids), and only versions that come out different are stored and published. The run keeps a
// checkpoint in Redis after each page of articles: run the same command again to resume.
import { createHash } from 'node:crypto';
import { QUEUES, type RawEntry, type TaggedArticle, taggingFingerprint } from '@newsq/core';
import { createQueue, jobIdFor } from '@newsq/queue';
import type { Runtime } from '@newsq/runtime';
import { canonicalizeUrl } from '@newsq/web-text';
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { withRuntime } from '../runtime-command';

const PAGE_SIZE = 200;
/** A finished run's checkpoint is kept this long, so running the same command again says it is done. */
const CHECKPOINT_TTL_S = 7 * 86_400;

type Stage = 'tag' | 'extract';

interface Checkpoint {
  /** Cursor of the next page to read; null once every page is read. */
  cursor: string | null;
  examined: number;
  enqueued: number;
}

export function registerBackfillCommand(program: Command): void {
  program
    .command('backfill')
    .description('send articles stored since a date through tagging (or extraction and tagging) again')
    .requiredOption('--since <date>', 'articles stored at or after this date (ISO 8601, e.g. 2026-11-01)')
    .addOption(
      new Option('--stage <stage>', 'where to start again').choices(['tag', 'extract']).default('tag'),
    )
    .option('--restart', 'ignore the checkpoint of an earlier run with the same options')
    .action(async (options: { since: string; stage: Stage; restart?: boolean }) => {
      const since = Date.parse(options.since);
      if (Number.isNaN(since)) {
        process.stderr.write(`newsq backfill: --since ${options.since} is not a date\n`);
        process.exit(2);
      }
      await withRuntime('backfill', (runtime) =>
        backfill(runtime, new Date(since).toISOString(), options.stage, options.restart === true),
      );
    });
}

async function backfill(runtime: Runtime, since: string, stage: Stage, restart: boolean): Promise<void> {
  const store = await runtime.store();
  const run = createHash('sha256').update(`${stage}|${since}`).digest('hex').slice(0, 16);
  const checkpointKey = `${runtime.config.NEWSQ_PREFIX}:backfill:${run}`;
  if (restart) await runtime.redis.del(checkpointKey);
  const saved = await runtime.redis.get(checkpointKey);
  const checkpoint: Checkpoint = saved ? JSON.parse(saved) : { cursor: '', examined: 0, enqueued: 0 };
  if (checkpoint.cursor === null) {
    process.stdout.write(
      `backfill ${stage} since ${since} already done: ${checkpoint.enqueued} of ${checkpoint.examined} articles sent again (--restart to run it again)\n`,
    );
    return;
  }
  if (saved) process.stdout.write(`resuming after ${checkpoint.examined} articles\n`);

  const filters = { since, time: 'stored' as const, originals: true };
  const total = await store.articles.countMatching(filters);
  const queue = createQueue(stage === 'tag' ? QUEUES.articleStore : QUEUES.articleFetch, {
    connection: runtime.redis,
    prefix: runtime.config.NEWSQ_PREFIX,
    policy: runtime.policy,
  });
  const retag = stage === 'tag' ? await tagger(runtime) : null;
  const bar = new SingleBar({
    format: `backfill ${stage} [{bar}] {value}/{total} articles | {enqueued} sent again`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 2_000,
  });
  bar.start(total, checkpoint.examined, { enqueued: checkpoint.enqueued });
  try {
    do {
      const page = await store.articles.page({
        ...filters,
        limit: PAGE_SIZE,
        ...(checkpoint.cursor ? { cursor: checkpoint.cursor } : {}),
      });
      const jobs: { name: string; data: TaggedArticle | RawEntry; opts: { jobId: string } }[] = [];
      for (const item of page.items) {
        const job =
          retag === null ? await fetchAgain(runtime, item.id, run) : await tagAgain(runtime, item.id, retag);
        if (job !== null) jobs.push({ name: queue.name, ...job });
      }
      if (jobs.length > 0) await queue.addBulk(jobs);
      checkpoint.cursor = page.next;
      checkpoint.examined += page.items.length;
      checkpoint.enqueued += jobs.length;
      await runtime.redis.set(checkpointKey, JSON.stringify(checkpoint), 'EX', CHECKPOINT_TTL_S);
      bar.update(checkpoint.examined, { enqueued: checkpoint.enqueued });
    } while (checkpoint.cursor !== null);
  } finally {
    bar.stop();
    await queue.close();
  }
  process.stdout.write(
    `backfill ${stage} since ${since}: ${checkpoint.examined} articles examined, ${checkpoint.enqueued} sent again${
      stage === 'tag' ? ' (their tags changed)' : ' (the workers fetch and extract them again)'
    }\n`,
  );
}

type Retag = (article: { title: string; text: string }) => Pick<TaggedArticle, 'topics' | 'entities'>;

async function tagger(runtime: Runtime): Promise<Retag> {
  const { loadTaxonomy, tagArticle } = await import('@newsq/tagging');
  const taxonomy = loadTaxonomy(runtime.config.TAG_TAXONOMY_PATH);
  return (article) => tagArticle(article, taxonomy);
}

/** The stored article with its new tags, for the store stage; null when the tags are the same. */
async function tagAgain(runtime: Runtime, id: string, retag: Retag) {
  const article = await (await runtime.store()).articles.asTagged(id);
  if (article === null) return null;
  const { topics, entities } = retag(article);
  const fingerprint = taggingFingerprint(topics, entities);
  if (fingerprint === taggingFingerprint(article.topics, article.entities)) return null;
  return {
    data: { ...article, topics, entities },
    // One job per article and tagging: running the backfill again adds nothing new.
    opts: { jobId: jobIdFor(QUEUES.articleStore, `${article.canonicalUrl}|tagging|${fingerprint}`) },
  };
}

/** The article's page as a new revision of its feed item, for the fetch stage; null without its feed. */
async function fetchAgain(runtime: Runtime, id: string, run: string) {
  const store = await runtime.store();
  const article = await store.articles.asTagged(id);
  const feed = article === null || article.feedId === '' ? null : await store.feeds.find(article.feedId);
  if (article === null || feed === null) return null;
  const entry: RawEntry = {
    version: 1,
    feedId: feed.id,
    feedUrl: feed.url,
    guid: article.guid,
    link: article.url,
    itemId: canonicalizeUrl(article.url),
    title: article.title,
    publishedAt: article.publishedAt,
    summary: null,
    revision: `backfill-${run}`,
  };
  return { data: entry, opts: { jobId: jobIdFor(QUEUES.articleFetch, `${entry.itemId}|${entry.revision}`) } };
}
