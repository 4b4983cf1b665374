// `newsq subscriptions`: webhook subscriptions, each with a URL, its own signing secret (printed
// once, at creation) and filters; pause and resume; dead letters and their replay.
import { isDeliveryFor, QUEUES, SubscriptionFilters, WebhookDelivery } from '@newsq/core';
import { QueueAdmin } from '@newsq/queue';
import type { SubscriptionRecord } from '@newsq/store';
import type { Command } from 'commander';
import { withRuntime, withStore } from '../runtime-command';
import { formatTable, truncate } from '../table';

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter(Boolean)];

function describeFilters(filters: SubscriptionFilters): string {
  const parts = [
    filters.topics.length > 0 ? `topics ${filters.topics.join(',')}` : '',
    filters.countries.length > 0 ? `countries ${filters.countries.join(',')}` : '',
    filters.minScore === null ? '' : `score>=${filters.minScore}`,
    filters.originalsOnly ? 'originals' : '',
  ].filter(Boolean);
  return parts.join('; ') || 'everything';
}

function fail(message: string): void {
  process.stderr.write(`newsq subscriptions: ${message}\n`);
  process.exitCode = 1;
}

export function registerSubscriptionCommands(program: Command): void {
  const subscriptions = program
    .command('subscriptions')
    .description('webhook subscriptions: signed POSTs of the article events their filters match');

  subscriptions
    .command('add <url>')
    .description('subscribe a URL; prints the signing secret once')
    .requiredOption('--name <name>', 'a unique name saying who receives')
    .option('--secret <secret>', 'signing secret (16+ characters; generated when absent)')
    .option('--topic <topic>', 'only articles with this topic (repeatable, or comma-separated)', collect, [])
    .option('--country <code>', 'only articles about this country, ISO alpha-2 (repeatable)', collect, [])
    .option('--min-score <score>', 'a matching topic scores at least this (0..1)')
    .option('--originals-only', 'leave out duplicates')
    .action(
      async (
        url: string,
        options: {
          name: string;
          secret?: string;
          topic: string[];
          country: string[];
          minScore?: string;
          originalsOnly?: boolean;
        },
      ) => {
        if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
          return fail(`${url} is not an http(s) URL`);
        if (options.secret !== undefined && options.secret.length < 16)
          return fail('--secret must be at least 16 characters');
        const filters = SubscriptionFilters.safeParse({
          topics: options.topic,
          countries: options.country,
          minScore: options.minScore === undefined ? null : Number(options.minScore),
          originalsOnly: options.originalsOnly === true,
        });
        if (!filters.success) return fail(`bad filter: ${filters.error.issues[0]?.message}`);
        await withStore('subscriptions add', async (store) => {
          if ((await store.subscriptions.find(options.name)) !== null)
            return fail(`a subscription named ${options.name} exists (names are unique)`);
          const created = await store.subscriptions.create({
            name: options.name,
            url,
            filters: filters.data,
            ...(options.secret === undefined ? {} : { secret: options.secret }),
          });
          process.stdout.write(
            `${created.secret}\n(subscription ${created.id}: the signing secret is shown once, store it with the receiver)\n`,
          );
        });
      },
    );

  subscriptions
    .command('ls')
    .description('list subscriptions with their health (never their secrets)')
    .option('--json', 'one JSON line per subscription')
    .action(async (options: { json?: boolean }) => {
      await withStore('subscriptions ls', async (store) => {
        const list = await store.subscriptions.list();
        if (options.json) {
          for (const subscription of list) process.stdout.write(`${JSON.stringify(subscription)}\n`);
          return;
        }
        const status = (subscription: SubscriptionRecord) =>
          subscription.status === 'paused' ? `paused (${subscription.pausedReason})` : 'active';
        process.stdout.write(
          `${formatTable(
            ['ID', 'NAME', 'URL', 'FILTERS', 'STATUS', 'LAST', 'FAILURES', 'LAST ERROR'],
            list.map((subscription) => [
              subscription.id,
              subscription.name,
              truncate(subscription.url, 40),
              describeFilters(subscription.filters),
              status(subscription),
              subscription.health.lastStatus === null ? '-' : String(subscription.health.lastStatus),
              String(subscription.health.consecutiveFailures),
              truncate(subscription.health.lastError ?? '-', 40),
            ]),
          )}\n`,
        );
      });
    });

  for (const [command, description] of [
    ['rm', 'remove a subscription (its queued deliveries are dropped)'],
    ['pause', 'stop delivering; events published meanwhile are not sent to it'],
    ['resume', 'deliver again; `newsq subscriptions replay` sends what failed'],
  ] as const) {
    subscriptions
      .command(`${command} <id-or-name>`)
      .description(description)
      .action(async (idOrName: string) => {
        await withStore(`subscriptions ${command}`, async (store) => {
          const done =
            command === 'rm'
              ? await store.subscriptions.remove(idOrName)
              : (await store.subscriptions.setStatus(idOrName, command === 'pause' ? 'paused' : 'active')) !==
                null;
          if (!done) return fail(`no subscription ${idOrName}`);
          process.stdout.write(`${command === 'rm' ? 'removed' : `${command}d`} ${idOrName}\n`);
        });
      });
  }

  subscriptions
    .command('dlq <id-or-name>')
    .description("the subscription's dead letters: deliveries that exhausted their attempts")
    .option('--json', 'one JSON line per dead letter')
    .action(async (idOrName: string, options: { json?: boolean }) => {
      await withRuntime(
        'subscriptions dlq',
        async (runtime) => {
          const subscription = await (await runtime.store()).subscriptions.find(idOrName);
          if (subscription === null) return fail(`no subscription ${idOrName}`);
          const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
          try {
            const letters = await admin.deadLetters(QUEUES.webhookDeliver, {
              limit: 1000,
              match: isDeliveryFor(subscription.id),
            });
            const rows = letters.flatMap((letter) => {
              const delivery = WebhookDelivery.safeParse(letter.data);
              return delivery.success ? [{ ...letter, delivery: delivery.data }] : [];
            });
            if (options.json) {
              for (const { delivery, failedReason, finishedOn } of rows) {
                const line = {
                  deliveryId: delivery.deliveryId,
                  eventId: delivery.event.eventId,
                  failedReason,
                  failedAt: finishedOn,
                };
                process.stdout.write(`${JSON.stringify(line)}\n`);
              }
              return;
            }
            process.stdout.write(
              `${formatTable(
                ['DELIVERY', 'EVENT', 'ARTICLE', 'FAILED AT', 'REASON'],
                rows.map(({ delivery, finishedOn, failedReason }) => [
                  delivery.deliveryId,
                  delivery.event.event,
                  truncate(delivery.event.canonicalUrl, 50),
                  finishedOn ?? '-',
                  truncate(failedReason, 60),
                ]),
              )}\n${rows.length} dead letters\n`,
            );
          } finally {
            await admin.close();
          }
        },
        { quiet: true },
      );
    });

  subscriptions
    .command('replay <id-or-name> [deliveryId]')
    .description(
      'deliver its dead letters again (one, or all), with fresh attempts and the same delivery ids',
    )
    .action(async (idOrName: string, deliveryId: string | undefined) => {
      await withRuntime(
        'subscriptions replay',
        async (runtime) => {
          const subscription = await (await runtime.store()).subscriptions.find(idOrName);
          if (subscription === null) return fail(`no subscription ${idOrName}`);
          const ofSubscription = isDeliveryFor(subscription.id);
          const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
          try {
            const replayed = await admin.replayWhere(
              QUEUES.webhookDeliver,
              (data) =>
                ofSubscription(data) &&
                (deliveryId === undefined || (data as WebhookDelivery).deliveryId === deliveryId),
            );
            process.stdout.write(`replayed ${replayed} deliveries to ${subscription.name}\n`);
            if (subscription.status === 'paused')
              process.stdout.write(
                `(${subscription.name} is paused: they are dead-lettered again until it is resumed)\n`,
              );
          } finally {
            await admin.close();
          }
        },
        { quiet: true },
      );
    });
}
