// `newsq feeds`: the feed registry from the command line.
import type { Command } from 'commander';
import { withStore } from '../runtime-command';
import { formatTable, truncate } from '../table';

export function registerFeedCommands(program: Command): void {
  const feeds = program.command('feeds').description('manage the feed registry');

  feeds
    .command('add <url...>')
    .description('add one or more feeds (polled at the next scheduler tick)')
    .action(async (urls: string[]) => {
      await withStore('feeds add', async (store) => {
        for (const url of urls) {
          const parsed = parseFeedUrl(url);
          const { feed, created } = await store.addFeed(parsed);
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
        const list = await store.listFeeds();
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
              ? await store.removeFeed(idOrUrl)
              : await store.setFeedStatus(idOrUrl, name === 'pause' ? 'paused' : 'active');
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
