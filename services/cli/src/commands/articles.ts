// `newsq articles`: read what the pipeline stored.

import type { StoredArticle } from '@newsq/store';
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
    .description('list stored articles, newest first')
    .option('--topic <topic>', 'only articles tagged with this topic')
    .option('--originals', 'leave out duplicates')
    .option('--limit <n>', 'at most n articles', '1000')
    .option('--json', 'one JSON line per article')
    .action(async (options: { topic?: string; originals?: boolean; limit: string; json?: boolean }) => {
      await withStore('articles ls', async (store) => {
        const list = await store.articles.list({
          ...(options.topic === undefined ? {} : { topic: options.topic }),
          includeDuplicates: !options.originals,
          limit: Number(options.limit),
        });
        if (options.json) {
          for (const article of list) process.stdout.write(`${JSON.stringify(article)}\n`);
        } else {
          process.stdout.write(`${articleTable(list)}\n${list.length} articles\n`);
        }
      });
    });
}
