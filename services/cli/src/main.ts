#!/usr/bin/env node
// The `newsq` command line: operator commands (run, status, feeds, articles, keys, subscriptions, dlq, demo)
// and the JSON-lines batch commands used for measurement. Heavy packages are
// imported lazily so each command only pays for what it uses.
import { loadConfig } from '@newsq/config';
import { Command, CommanderError } from 'commander';
import { registerArticleCommands } from './commands/articles';
import { registerBackfillCommand } from './commands/backfill';
import { registerFeedCommands } from './commands/feeds';
import { registerKeyCommands } from './commands/keys';
import { registerQueueCommands } from './commands/queues';
import { registerSubscriptionCommands } from './commands/subscriptions';

// A reader that stops early (`newsq articles ls | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('newsq')
  .description('newsq: event-driven news ingestion pipeline')
  .showHelpAfterError()
  .exitOverride();

registerQueueCommands(program);
registerFeedCommands(program);
registerArticleCommands(program);
registerKeyCommands(program);
registerBackfillCommand(program);
registerSubscriptionCommands(program);
program
  .command('status')
  .description('the pipeline on one screen; exits 1 when something needs attention (for cron and monitoring)')
  .action(async () => {
    const { runStatus } = await import('./commands/status');
    process.exitCode = await runStatus();
  });
program
  .command('demo')
  .description('run the pipeline on a local fixture news site and print what it stored')
  .action(async () => {
    const { runDemo } = await import('./commands/demo');
    process.exitCode = await runDemo();
  });

program
  .command('parse-feeds')
  .description('parse feeds from JSON lines {"id","body_base64","content_type","url"} on stdin')
  .action(async () => {
    const { runParseFeedsBatch } = await import('@newsq/feeds');
    await runParseFeedsBatch(process.stdin, process.stdout);
  });

program
  .command('extract')
  .description('extract articles from JSON lines {"id","url","html"} on stdin')
  .action(async () => {
    const { runExtractBatch } = await import('@newsq/extract');
    await runExtractBatch(process.stdin, process.stdout);
  });

program
  .command('dedupe')
  .description('find duplicates among JSON lines {"id","url"?,"title","text"} read in order on stdin')
  .action(async () => {
    const { runDedupeBatch } = await import('@newsq/dedupe');
    await runDedupeBatch(process.stdin, process.stdout);
  });

program
  .command('tag')
  .description('tag JSON lines {"id","title","text"} on stdin with topics and entities')
  .option('--taxonomy <path>', 'taxonomy file (default: TAG_TAXONOMY_PATH or the shipped taxonomy)')
  .action(async (options: { taxonomy?: string }) => {
    const { runTagBatch } = await import('@newsq/tagging');
    await runTagBatch(process.stdin, process.stdout, {
      taxonomyPath: options.taxonomy ?? loadConfig().TAG_TAXONOMY_PATH,
    });
  });

program
  .command('tag-eval <labelled>')
  .description('per-topic precision/recall of the taxonomy on a labelled JSON-lines sample')
  .option('--taxonomy <path>', 'taxonomy file (default: TAG_TAXONOMY_PATH or the shipped taxonomy)')
  .action(async (labelled: string, options: { taxonomy?: string }) => {
    const { runTagEval } = await import('@newsq/tagging');
    await runTagEval(labelled, process.stdout, {
      taxonomyPath: options.taxonomy ?? loadConfig().TAG_TAXONOMY_PATH,
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`newsq: ${(error as Error).message}\n`);
  process.exit(1);
}
