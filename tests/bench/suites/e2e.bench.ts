// Owns `pnpm bench e2e`: newsq measured as a system, from the outside, against the plain loop a user
// would write and against the limit of extraction alone, on a generated news network of realistic
// pages and on the real pages of the extraction corpus. One run gives throughput, CPU per article per
// stage, latencies, freshness, memory, retries, correctness and a verdict on each target of the issue.
//   pnpm bench e2e [--pages 2000] [--hosts 50] [--feeds 100] [--seed 1] [--json file]
//                  [--scenarios generated,real-pages] [--contenders loop,limit,run,no-host-delay,stages]
//                  [--timeout-min 60] [--keep-logs]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@newsq/config';
import { describeMachine } from '../e2e/machine';
import { measureLimit } from '../e2e/measure-limit';
import { formatReport, type ScenarioReport, targetsFor } from '../e2e/report';
import { runLoop } from '../e2e/run-loop';
import { runNewsqPerStage, runNewsqSingle } from '../e2e/run-newsq';
import { generatedScenario, realPagesScenario, type Scenario } from '../e2e/scenarios';

interface BenchContext {
  shared: string | null;
  log: (line: string) => void;
  args: string[];
}

const CONTENDERS = ['loop', 'limit', 'run', 'no-host-delay', 'stages'] as const;
const SCENARIOS = ['generated', 'real-pages'] as const;

function listOption<T extends string>(value: string, allowed: readonly T[], name: string): T[] {
  const items = value.split(',').map((item) => item.trim()) as T[];
  const unknown = items.filter((item) => !allowed.includes(item));
  if (unknown.length > 0)
    throw new Error(`bench e2e: unknown ${name} ${unknown.join(', ')} (use ${allowed.join(', ')})`);
  return items;
}

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`bench e2e: --${name} must be a positive integer`);
  return number;
}

/** The host with the most requests to serve (its pages and its feeds) and how many of each. */
function busiestHost(scenario: Scenario): { pages: number; feeds: number } {
  const perHost = new Map<string, { pages: number; feeds: number }>();
  const count = (url: string, kind: 'pages' | 'feeds') => {
    const host = new URL(url).host;
    const counts = perHost.get(host) ?? { pages: 0, feeds: 0 };
    counts[kind]++;
    perHost.set(host, counts);
  };
  for (const page of scenario.pages) count(page.url, 'pages');
  for (const feed of scenario.feedUrls) count(feed, 'feeds');
  let busiest = { pages: 0, feeds: 0 };
  for (const counts of perHost.values()) {
    if (counts.pages + counts.feeds > busiest.pages + busiest.feeds) busiest = counts;
  }
  return busiest;
}

export async function run(ctx: BenchContext): Promise<void> {
  const { values } = parseArgs({
    args: ctx.args,
    options: {
      pages: { type: 'string', default: '2000' },
      hosts: { type: 'string', default: '50' },
      feeds: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      json: { type: 'string' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      contenders: { type: 'string', default: CONTENDERS.join(',') },
      'timeout-min': { type: 'string', default: '60' },
      'keep-logs': { type: 'boolean', default: false },
    },
  });
  const options = {
    pages: positive(values.pages, 'pages'),
    hosts: positive(values.hosts, 'hosts'),
    feeds: positive(values.feeds, 'feeds'),
    seed: positive(values.seed, 'seed'),
    scenarios: listOption(values.scenarios, SCENARIOS, 'scenario'),
    contenders: listOption(values.contenders, CONTENDERS, 'contender'),
    timeoutMs: positive(values['timeout-min'], 'timeout-min') * 60_000,
  };
  const machine = describeMachine();
  ctx.log(
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ` +
      `Node ${machine.node}, Linux ${machine.kernel}, load ${machine.loadAverage.toFixed(2)} at start`,
  );
  const workDir = mkdtempSync(join(tmpdir(), 'newsq-bench-e2e-'));
  const jsonPath =
    values.json ?? join(tmpdir(), `newsq-bench-e2e-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const reports: ScenarioReport[] = [];
  try {
    for (const name of options.scenarios) {
      const scenario: Scenario =
        name === 'generated'
          ? await generatedScenario({
              seed: options.seed,
              pages: options.pages,
              hosts: options.hosts,
              feeds: options.feeds,
            })
          : await realPagesScenario(ctx.shared);
      try {
        ctx.log(`\nscenario ${scenario.name}: ${scenario.description}; rendering pages...`);
        scenario.prerender();
        const has = (contender: (typeof CONTENDERS)[number]) => options.contenders.includes(contender);
        const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
          ctx.log(`  ${label}...`);
          const started = performance.now();
          const result = await work();
          ctx.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
          return result;
        };
        const loop = has('loop')
          ? await step('the loop', () => runLoop(scenario, workDir, options.timeoutMs))
          : null;
        const limit = has('limit') ? await step('the limit', () => measureLimit(scenario)) : null;
        const newsqRun = has('run')
          ? await step('newsq run --until-idle', () => runNewsqSingle(scenario, workDir, options.timeoutMs))
          : null;
        const noHostDelay = has('no-host-delay')
          ? await step('newsq run --until-idle, no per-host delay', () =>
              runNewsqSingle(scenario, workDir, options.timeoutMs, true),
            )
          : null;
        const perStage = has('stages')
          ? await step('one process per stage', () => runNewsqPerStage(scenario, workDir, options.timeoutMs))
          : null;
        const partial = {
          name: scenario.name,
          description: scenario.description,
          pages: scenario.pages.length,
          loop,
          limit,
          newsqRun,
          noHostDelay,
          perStage,
          politeness: {
            busiestHost: busiestHost(scenario),
            hostMinDelayMs: loadConfig({}).FETCH_HOST_MIN_DELAY_MS,
          },
        };
        const report = { ...partial, targets: targetsFor(scenario.name, partial) };
        reports.push(report);
        ctx.log('');
        for (const line of formatReport(report)) ctx.log(line);
      } finally {
        await scenario.close();
      }
    }
  } finally {
    writeFileSync(jsonPath, `${JSON.stringify({ machine, options, scenarios: reports }, null, 2)}\n`);
    ctx.log(`report: ${jsonPath}`);
    if (values['keep-logs']) ctx.log(`logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}
