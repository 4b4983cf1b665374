// `pnpm bench`: runs every suite in tests/bench/suites (or those named on the
// command line; options after the names, such as `pnpm bench e2e --pages 200`, go to
// the suites). Each suite reports ratios against a baseline it measures in the
// same run, so figures compare across machines. ../shared is used when present.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Suite {
  run(ctx: { shared: string | null; log: (line: string) => void; args: string[] }): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const sharedCandidate = resolve(here, '../../../shared');
const shared = existsSync(join(sharedCandidate, 'corpus')) ? sharedCandidate : null;
const argv = process.argv.slice(2);
const firstOption = argv.findIndex((arg) => arg.startsWith('--'));
const wanted = firstOption === -1 ? argv : argv.slice(0, firstOption);
const args = firstOption === -1 ? [] : argv.slice(firstOption);
const suites = readdirSync(join(here, 'suites'))
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();

process.stdout.write(
  `newsq bench: ${suites.length} suites; corpus: ${shared ?? 'none (../shared absent: project fixtures only)'}\n`,
);
for (const file of suites) {
  const name = file.replace(/\.bench\.ts$/, '');
  process.stdout.write(`\n== ${name}\n`);
  const suite = (await import(pathToFileURL(join(here, 'suites', file)).href)) as Suite;
  const started = performance.now();
  await suite.run({ shared, log: (line) => process.stdout.write(`${line}\n`), args });
  process.stdout.write(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)}s)\n`);
}
