// `newsq articles`: read what the pipeline stored.

import { MAX_PAGE_SIZE, type StoredArticle } from '@newsq/store';
import type { Command } from 'commander';
import { withStore } from '../runtime-command';
import { formatTable, truncate } from '../table';

export function articleTable(articles: readonly StoredArticle[]): string {
  return formatTable(
    ['PUBLISHED', 'TITLE', 'TOPICS', 'COUNTRIES', 'DUPLICATE OF'],
    articles.map((article) => [
      article.publishedAt?.slice(0, 10) ?? '-',
      truncate(article.title, 56),
      article.topics.map((topic) => topic.id).join(', ') || '-',
      article.entities.countries.map((country) => country.code).join(' ') || '-',
      article.duplicateOf ? truncate(article.duplicateOf, 50) : '',
    ]),
  );
}

export function registerArticleCommands(program: Command): void {
  const articles = program.command('articles').description('read stored articles');
  articles
    .command('ls')
    .description('list stored articles, newest stored first')
    .option('--topic <topic>', 'only articles tagged with this topic')
    .option('--originals', 'leave out duplicates')
    .option('--limit <n>', 'at most n articles', '1000')
    .option('--json', 'one JSON line per article')
    .action(async (options: { topic?: string; originals?: boolean; limit: string; json?: boolean }) => {
      await withStore('articles ls', async (store) => {
        const list: StoredArticle[] = [];
        let cursor: string | null | undefined;
        // Page by page, as the API does, up to the limit asked for.
        while (cursor !== null && list.length < Number(options.limit)) {
          const page = await store.articles.page({
            ...(options.topic === undefined ? {} : { topic: options.topic }),
            ...(options.originals ? { originals: true } : {}),
            ...(cursor === undefined ? {} : { cursor }),
            limit: Math.min(MAX_PAGE_SIZE, Number(options.limit) - list.length),
          });
          list.push(...page.items);
          cursor = page.next;
        }
        if (options.json) {
          for (const article of list) process.stdout.write(`${JSON.stringify(article)}\n`);
        } else {
          process.stdout.write(`${articleTable(list)}\n${list.length} articles\n`);
        }
      });
    });
}
