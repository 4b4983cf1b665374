// Quality gates: the four evaluators of ../shared/tools run on ../shared/corpus against the compiled
// batch commands, and each headline figure must stay at or above its floor in infra/quality-floors.json
// (set just under the figures reached, so a regression fails CI instead of landing unseen). A clone
// without ../shared (every user's) skips the gates and says so.
//   node infra/scripts/quality.mjs            run the gates (after pnpm build)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const sharedPath = join(root, '..', 'shared');
if (!existsSync(join(sharedPath, 'tools')) || !existsSync(join(sharedPath, 'corpus'))) {
  process.stdout.write(
    'quality gates: skipped (no ../shared/tools and ../shared/corpus beside this checkout)\n',
  );
  process.exit(0);
}
const shared = realpathSync(sharedPath);
const floors = JSON.parse(readFileSync(join(root, 'infra/quality-floors.json'), 'utf8'));
const cli = `node ${join(root, 'services/cli/dist/main.js')}`;

const evaluators = [
  { name: 'feeds', tool: 'eval-feeds.mjs', corpus: 'feeds', command: 'parse-feeds' },
  { name: 'extraction', tool: 'eval-extraction.mjs', corpus: 'extraction', command: 'extract' },
  { name: 'dedupe', tool: 'eval-dedupe.mjs', corpus: 'dedupe', command: 'dedupe' },
  { name: 'tagging', tool: 'eval-tagging.mjs', corpus: 'tagging', command: 'tag' },
];

/** "microF1 0.891 macroF1 0.887 ... n=158" -> { microF1: 0.891, macroF1: 0.887, ..., n: 158 } */
function parseHeadline(line) {
  const figures = {};
  for (const [, key, value] of line.matchAll(/([A-Za-z_][A-Za-z0-9_]*)[ =](\d+(?:\.\d+)?)/g))
    figures[key] = Number(value);
  return figures;
}

let failed = false;
for (const evaluator of evaluators) {
  const output = execFileSync(
    process.execPath,
    [
      join(shared, 'tools', evaluator.tool),
      '--corpus',
      join(shared, 'corpus', evaluator.corpus),
      '--cmd',
      `${cli} ${evaluator.command}`,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const headline = output.trim().split('\n').at(-1) ?? '';
  const figures = parseHeadline(headline);
  const checks = Object.entries(floors[evaluator.name] ?? {}).map(([metric, floor]) => {
    const value = figures[metric];
    const ok = value !== undefined && (metric === 'crashes' ? value <= floor : value >= floor);
    if (!ok) failed = true;
    return `${metric} ${value ?? 'missing'} ${metric === 'crashes' ? '<=' : '>='} ${floor} ${ok ? 'ok' : 'BELOW FLOOR'}`;
  });
  process.stdout.write(`quality gate ${evaluator.name}: ${headline}\n  ${checks.join('\n  ')}\n`);
}
process.exit(failed ? 1 : 0);
