// `newsq run`, `newsq queues` and `newsq dlq` (ls, replay, drop): the pipeline and its queues.
import { ALL_QUEUES, type QueueName } from '@newsq/core';
import { QueueAdmin } from '@newsq/queue';
import type { Command } from 'commander';
import { withRuntime } from '../runtime-command';
import { formatTable, truncate } from '../table';

function queueName(value: string): QueueName {
  if (!(ALL_QUEUES as readonly string[]).includes(value)) {
    process.stderr.write(`newsq: unknown queue ${value} (one of ${ALL_QUEUES.join(', ')})\n`);
    process.exit(1);
  }
  return value as QueueName;
}

export function registerQueueCommands(program: Command): void {
  program
    .command('run')
    .description('run every stage and the feed scheduler in one process')
    .option('--until-idle', 'exit 0 once every queue is drained (batch and cron use)')
    .action(async (options: { untilIdle?: boolean }) => {
      // Loaded on demand: the stages pull in the DOM, NLP and parsing libraries.
      const { runPipeline } = await import('../pipeline');
      await withRuntime('run', (runtime) => runPipeline(runtime, { untilIdle: options.untilIdle === true }));
    });

  program
    .command('queues')
    .description('job counts per queue')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(
        'queues',
        async (runtime) => {
          const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
          const counts = await admin.counts();
          await admin.close();
          if (options.json) return void process.stdout.write(`${JSON.stringify(counts)}\n`);
          process.stdout.write(
            `${formatTable(
              ['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED (DLQ)', 'COMPLETED'],
              counts.map((row) =>
                [row.queue, row.waiting, row.active, row.delayed, row.failed, row.completed].map(String),
              ),
            )}\n`,
          );
        },
        { quiet: true },
      );
    });

  const dlq = program.command('dlq').description('the dead-letter queue: jobs that exhausted their attempts');
  dlq
    .command('ls [queue]')
    .description('list failed jobs (all queues by default)')
    .option('--limit <n>', 'at most n per queue', '50')
    .option('--json', 'one JSON line per job, with its data')
    .action(async (queue: string | undefined, options: { limit: string; json?: boolean }) => {
      await withRuntime(
        'dlq ls',
        async (runtime) => {
          const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
          const names = queue === undefined ? ALL_QUEUES : [queueName(queue)];
          const letters = (
            await Promise.all(names.map((name) => admin.deadLetters(name, { limit: Number(options.limit) })))
          ).flat();
          await admin.close();
          if (options.json) {
            for (const letter of letters) process.stdout.write(`${JSON.stringify(letter)}\n`);
            return;
          }
          process.stdout.write(
            `${formatTable(
              ['QUEUE', 'JOB', 'ATTEMPTS', 'FAILED AT', 'REASON'],
              letters.map((letter) => [
                letter.queue,
                letter.id,
                String(letter.attemptsMade),
                letter.finishedOn ?? '-',
                truncate(letter.failedReason, 80),
              ]),
            )}\n${letters.length} failed jobs\n`,
          );
        },
        { quiet: true },
      );
    });
  dlq
    .command('replay <queue> [jobId]')
    .description('move one failed job (or all of a queue) back to waiting with fresh attempts')
    .action(async (queue: string, jobId: string | undefined) => {
      await withRuntime(
        'dlq replay',
        async (runtime) => {
          const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
          try {
            const replayed = await admin.replay(queueName(queue), jobId);
            process.stdout.write(`replayed ${replayed} job(s) in ${queue}\n`);
          } catch (error) {
            process.stderr.write(`newsq dlq replay: ${(error as Error).message}\n`);
            process.exitCode = 1;
          } finally {
            await admin.close();
          }
        },
        { quiet: true },
      );
    });
  dlq
    .command('drop <queue> [jobId]')
    .description('delete one failed job for good, or every failed job of the queue with --all')
    .option('--all', 'drop every failed job of the queue')
    .action(async (queue: string, jobId: string | undefined, options: { all?: boolean }) => {
      const name = queueName(queue);
      if ((jobId === undefined) === (options.all !== true)) {
        process.stderr.write(
          'newsq dlq drop: name one job, or pass --all to drop every failed job of the queue\n',
        );
        process.exitCode = 1;
        return;
      }
      await withRuntime(
        'dlq drop',
        async (runtime) => {
          const admin = new QueueAdmin(runtime.redis, runtime.config.NEWSQ_PREFIX);
          try {
            const dropped = await admin.drop(name, jobId);
            process.stdout.write(`dropped ${dropped} failed job(s) from ${queue}\n`);
          } catch (error) {
            process.stderr.write(`newsq dlq drop: ${(error as Error).message}\n`);
            process.exitCode = 1;
          } finally {
            await admin.close();
          }
        },
        { quiet: true },
      );
    });
}
