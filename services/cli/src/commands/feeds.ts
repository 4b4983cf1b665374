// `newsq feeds`: the feed registry from the command line.
import { readFile } from 'node:fs/promises';
import { parseOpml, renderOpml } from '@newsq/opml';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { withStore } from '../runtime-command';
import { formatTable, truncate } from '../table';

const IMPORT_BATCH = 100;

export function registerFeedCommands(program: Command): void {
  const feeds = program.command('feeds').description('manage the feed registry');

  feeds
    .command('add <url...>')
    .description('add one or more feeds (polled at the next scheduler tick)')
    .action(async (urls: string[]) => {
      await withStore('feeds add', async (store) => {
        for (const url of urls) {
          const parsed = parseFeedUrl(url);
          const { feed, created } = await store.feeds.add(parsed);
          process.stdout.write(`${created ? 'added' : 'exists'} ${feed.id} ${feed.url}\n`);
        }
      });
    });

  feeds
    .command('ls')
    .description('list feeds with their health')
    .option('--json', 'one JSON line per feed')
    .action(async (options: { json?: boolean }) => {
      await withStore('feeds ls', async (store) => {
        const list = await store.feeds.list();
        if (options.json) {
          for (const feed of list) process.stdout.write(`${JSON.stringify(feed)}\n`);
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['ID', 'STATUS', 'HEALTH', 'ITEMS', 'LAST POLL', 'NEXT POLL', 'URL', 'LAST ERROR'],
            list.map((feed) => [
              feed.id,
              feed.status,
              feed.health,
              String(feed.itemsSeen),
              feed.lastPolledAt ?? '-',
              feed.nextPollAt,
              truncate(feed.url, 60),
              truncate(feed.lastError ?? '', 60),
            ]),
          )}\n${list.length} feeds\n`,
        );
      });
    });

  feeds
    .command('import <file>')
    .description('add every feed of an OPML subscription list')
    .action(async (file: string) => {
      await withStore('feeds import', async (store) => {
        let list: ReturnType<typeof parseOpml>;
        try {
          list = parseOpml(await readFile(file, 'utf8'));
        } catch (error) {
          process.stderr.write(`newsq feeds import: ${(error as Error).message}\n`);
          return process.exit(1);
        }
        const bar = new SingleBar({
          format: 'importing [{bar}] {percentage}% | {value}/{total} feeds | {created} new',
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 1_000,
          hideCursor: true,
        });
        bar.start(list.length, 0, { created: 0 });
        let created = 0;
        for (let start = 0; start < list.length; start += IMPORT_BATCH) {
          const batch = list.slice(start, start + IMPORT_BATCH);
          created += await store.feeds.addMany(batch);
          bar.update(start + batch.length, { created });
        }
        bar.stop();
        process.stdout.write(
          `imported ${list.length} feeds from ${file}: ${created} new, ${list.length - created} already present\n`,
        );
      });
    });

  feeds
    .command('export')
    .description('print every feed as OPML')
    .action(async () => {
      await withStore('feeds export', async (store) => {
        const list = await store.feeds.list();
        process.stdout.write(renderOpml(list.map((feed) => ({ url: feed.url, title: feed.title }))));
      });
    });

  for (const [name, description] of [
    ['rm', 'remove a feed'],
    ['pause', 'stop polling a feed'],
    ['resume', 'poll a paused feed again'],
  ] as const) {
    feeds
      .command(`${name} <idOrUrl>`)
      .description(description)
      .action(async (idOrUrl: string) => {
        await withStore(`feeds ${name}`, async (store) => {
          const done =
            name === 'rm'
              ? await store.feeds.remove(idOrUrl)
              : await store.feeds.setStatus(idOrUrl, name === 'pause' ? 'paused' : 'active');
          if (!done) {
            process.stderr.write(`newsq feeds ${name}: no feed ${idOrUrl}\n`);
            process.exitCode = 1;
            return;
          }
          process.stdout.write(
            `${name === 'rm' ? 'removed' : name === 'pause' ? 'paused' : 'resumed'} ${idOrUrl}\n`,
          );
        });
      });
  }
}

function parseFeedUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    process.stderr.write(`newsq feeds add: ${value} is not a URL\n`);
    process.exit(1);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    process.stderr.write(`newsq feeds add: ${value} must be http(s)\n`);
    process.exit(1);
  }
  return url.toString();
}
