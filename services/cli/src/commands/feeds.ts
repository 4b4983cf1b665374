// `newsq feeds`: the feed registry from the command line: feeds and sitemaps, their health, learned
// polling interval and push state, and the discovery of a site's feeds and sitemaps.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '@newsq/config';
import { type DiscoveryFetch, discoverSources, probeSource } from '@newsq/discovery';
import { safeFetch } from '@newsq/http';
import { parseOpml, renderOpml } from '@newsq/opml';
import { itemsPerDay } from '@newsq/poll-policy';
import { fetchOptions } from '@newsq/runtime';
import type { FeedRecord, SourceKind, Store } from '@newsq/store';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { withStore } from '../runtime-command';
import { formatTable, truncate } from '../table';

/** Fetches for probing and discovery with the configured limits and SSRF guard, up to the feed size cap. */
function discoveryFetch(): DiscoveryFetch {
  const config = loadConfig();
  const options = { ...fetchOptions(config), maxBytes: config.FEED_POLL_MAX_BYTES };
  return (url, accept) => safeFetch(url, { ...options, accept });
}

/** `90s`, `12m`, `2h05m`, `3d`: an interval at a glance. */
function formatInterval(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) {
    const minutes = Math.round(seconds / 60);
    return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
  }
  return `${Math.round(seconds / 86_400)}d`;
}

function perDay(feed: FeedRecord): number | null {
  const rate = feed.rhythm === null ? null : itemsPerDay(feed.rhythm);
  return rate === null ? null : Math.round(rate * 10) / 10;
}

function pushState(feed: FeedRecord): string {
  if (feed.push === null) return '-';
  const lease = feed.push.leaseExpiresAt === null ? '' : ` to ${feed.push.leaseExpiresAt.slice(0, 16)}`;
  return `${feed.push.state}${lease}`;
}

async function addSource(store: Store, url: string, kind: SourceKind, title: string | null, note = '') {
  const { feed, created } = await store.feeds.add(url, title, kind);
  process.stdout.write(`${created ? 'added' : 'exists'} ${feed.id} ${feed.kind} ${feed.url}${note}\n`);
}

const IMPORT_BATCH = 100;

export function registerFeedCommands(program: Command): void {
  const feeds = program.command('feeds').description('manage the feed registry');

  feeds
    .command('add <url...>')
    .description(
      'add feeds or sitemaps (a sitemap index, plain or Google News sitemap: the type is detected), polled at the next scheduler tick',
    )
    .action(async (urls: string[]) => {
      const fetch = discoveryFetch();
      await withStore('feeds add', async (store) => {
        for (const url of urls) {
          const parsed = parseFeedUrl(url);
          try {
            const probed = await probeSource(parsed, fetch);
            await addSource(store, parsed, probed.kind, probed.title);
          } catch (error) {
            const { code, message } = error as { code?: unknown; message: string };
            if (code === 'feed_not_a_feed') {
              process.stderr.write(
                `newsq feeds add: ${parsed} is neither a feed nor a sitemap (${message}); try newsq feeds discover ${parsed}\n`,
              );
              process.exitCode = 1;
              continue;
            }
            // Unreachable now (offline, down): registered all the same, and its polls will tell.
            await addSource(store, parsed, 'feed', null, ` (not checked: ${message})`);
          }
        }
      });
    });

  feeds
    .command('discover <site-url>')
    .description(
      "list the feeds and sitemaps a site offers (its pages' alternate links, robots.txt, common paths)",
    )
    .option('--add', 'add every one found')
    .option('--json', 'one JSON line per source')
    .action(async (siteUrl: string, options: { add?: boolean; json?: boolean }) => {
      const found = await discoverSources(parseFeedUrl(siteUrl, 'discover'), discoveryFetch());
      if (found.length === 0) {
        process.stderr.write(`newsq feeds discover: no feed or sitemap found at ${siteUrl}\n`);
        process.exitCode = 1;
        return;
      }
      if (options.json) for (const source of found) process.stdout.write(`${JSON.stringify(source)}\n`);
      else
        process.stdout.write(
          `${formatTable(
            ['KIND', 'URL', 'TITLE', 'FOUND IN'],
            found.map((source) => [
              source.kind,
              source.url,
              truncate(source.title ?? '', 50),
              source.foundBy,
            ]),
          )}\n`,
        );
      if (options.add) {
        await withStore('feeds discover', async (store) => {
          for (const source of found) await addSource(store, source.url, source.kind, source.title);
        });
      }
    });

  feeds
    .command('ls')
    .description('list feeds with their health, learned polling interval, publishing rate and push state')
    .option('--json', 'one JSON line per feed')
    .action(async (options: { json?: boolean }) => {
      await withStore('feeds ls', async (store) => {
        const list = await store.feeds.list();
        if (options.json) {
          for (const feed of list)
            process.stdout.write(`${JSON.stringify({ ...feed, itemsPerDay: perDay(feed) })}\n`);
          return;
        }
        process.stdout.write(
          `${formatTable(
            [
              'ID',
              'STATUS',
              'HEALTH',
              'ITEMS',
              'LAST POLL',
              'NEXT POLL',
              'INTERVAL',
              'PER DAY',
              'KIND',
              'PUSH',
              'URL',
              'LAST ERROR',
            ],
            list.map((feed) => [
              feed.id,
              feed.status,
              feed.health,
              String(feed.itemsSeen),
              feed.lastPolledAt ?? '-',
              feed.nextPollAt,
              formatInterval(feed.intervalSeconds),
              String(perDay(feed) ?? '-'),
              feed.kind,
              pushState(feed),
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

function parseFeedUrl(value: string, command = 'add'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    process.stderr.write(`newsq feeds ${command}: ${value} is not a URL\n`);
    process.exit(1);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    process.stderr.write(`newsq feeds ${command}: ${value} must be http(s)\n`);
    process.exit(1);
  }
  return url.toString();
}
