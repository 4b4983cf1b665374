// `newsq keys`: API keys for the read API and the dashboard. A key is shown once, when created;
// the database keeps only its hash.
import { type Command, Option } from 'commander';
import { withStore } from '../runtime-command';
import { formatTable } from '../table';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys (read: read only; admin: also manage)');

  keys
    .command('create')
    .description('create a key and print it once')
    .requiredOption('--name <name>', 'a unique name saying who uses the key')
    .addOption(
      new Option('--scope <scope>', 'what the key may do').choices(['read', 'admin']).default('read'),
    )
    .action(async (options: { name: string; scope: 'read' | 'admin' }) => {
      await withStore('keys create', async (store) => {
        if ((await store.apiKeys.list()).some((key) => key.name === options.name)) {
          process.stderr.write(`newsq keys create: a key named ${options.name} exists (names are unique)\n`);
          process.exitCode = 1;
          return;
        }
        const created = await store.apiKeys.create(options.name, options.scope);
        process.stdout.write(
          `${created.key}\n(key ${created.id}, ${created.scope} scope: store it now, it is not shown again)\n`,
        );
      });
    });

  keys
    .command('ls')
    .description('list keys (never the keys themselves)')
    .option('--json', 'one JSON line per key')
    .action(async (options: { json?: boolean }) => {
      await withStore('keys ls', async (store) => {
        const list = await store.apiKeys.list();
        if (options.json) {
          for (const key of list) process.stdout.write(`${JSON.stringify(key)}\n`);
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['ID', 'NAME', 'SCOPE', 'CREATED', 'LAST USED', 'REVOKED'],
            list.map((key) => [
              key.id,
              key.name,
              key.scope,
              key.createdAt,
              key.lastUsedAt ?? '-',
              key.revokedAt ?? '-',
            ]),
          )}\n`,
        );
      });
    });

  keys
    .command('revoke <id-or-name>')
    .description('revoke a key: requests with it are refused from then on')
    .action(async (idOrName: string) => {
      await withStore('keys revoke', async (store) => {
        if (await store.apiKeys.revoke(idOrName)) {
          process.stdout.write(`revoked ${idOrName}\n`);
        } else {
          process.stderr.write(`newsq keys revoke: no active key ${idOrName}\n`);
          process.exitCode = 1;
        }
      });
    });
}
