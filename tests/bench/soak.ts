// `pnpm soak --minutes N`: continuous ingestion from the generated news network while its feeds keep
// changing (new items every few seconds, rolling windows), with newsq's services as their own
// processes (or `--mode run`: one `newsq run`), feed polls allowed every FEED_POLL_MIN_INTERVAL_S.
// Samples the memory of each process and Redis's used_memory, then reports the memory slope of each
// after a warm-up (MB/hour, least squares) with a verdict, plus what was ingested and how fast. Not in CI.
//   pnpm soak --minutes 10 [--rate 60] [--initial 200] [--window 30] [--poll-interval-s 30]
//             [--warmup-min 2] [--mode services|run] [--hosts 50] [--feeds 100] [--json file] [--keep-logs]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureFreshness } from './e2e/correctness';
import { readRows } from './e2e/database';
import { LogStats } from './e2e/log-stats';
import { describeMachine } from './e2e/machine';
import { type MemorySlope, memorySlope } from './e2e/memory-slope';
import { newsqCommand, repoRoot } from './e2e/newsq-command';
import { type PeriodicSampler, samplePeriodically } from './e2e/periodic-sampler';
import type { RetainedBytes } from './e2e/redis-server';
import { DEFAULT_PREFIX, PIPELINE_SERVICES, type Setup, setUp, startSampler } from './e2e/run-newsq';
import { generatedScenario } from './e2e/scenarios';
import { type Exit, startProcess, type WatchedProcess } from './e2e/watched-process';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '60' },
    initial: { type: 'string', default: '200' },
    window: { type: 'string', default: '30' },
    'poll-interval-s': { type: 'string', default: '30' },
    'warmup-min': { type: 'string' },
    mode: { type: 'string', default: 'services' },
    hosts: { type: 'string', default: '50' },
    feeds: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    json: { type: 'string' },
    'keep-logs': { type: 'boolean', default: false },
  },
});
const number = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`soak: --${name} must be a positive number`);
  return value;
};
const minutes = number('minutes');
const rate = number('rate');
const initial = Math.round(number('initial'));
const warmupMs =
  (values['warmup-min'] === undefined ? Math.min(5, minutes / 4) : number('warmup-min')) * 60_000;
if (values.mode !== 'services' && values.mode !== 'run') throw new Error('soak: --mode is services or run');
const SAMPLE_EVERY_MS = 5_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const machine = describeMachine();
log(
  `newsq soak: ${minutes} min, ${rate} new items/min after ${initial}, ${values.mode}; machine ${machine.cores} cores, load ${machine.loadAverage.toFixed(2)}`,
);

const workDir = mkdtempSync(join(tmpdir(), 'newsq-soak-'));
const jsonPath =
  values.json ?? join(tmpdir(), `newsq-soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
// Enough stories for the whole run and a margin: items keep appearing until the end.
const pages = Math.ceil(initial + rate * minutes * 1.1) + 10;
const scenario = await generatedScenario({
  seed: number('seed'),
  pages,
  hosts: Math.round(number('hosts')),
  feeds: Math.round(number('feeds')),
  publishing: { initial, perMinute: rate, window: Math.round(number('window')) },
});
const processes: WatchedProcess[] = [];
let setup: Setup | null = null;
try {
  setup = await setUp(scenario, workDir, 'soak', {
    FEED_POLL_MIN_INTERVAL_S: String(number('poll-interval-s')),
  });
  const logs = new LogStats();
  const sampler = startSampler(setup);
  const retained = sampleRetained(setup);
  const { env, dir } = setup;
  const start = (name: string, entry: string, args: string[], started: RegExp) =>
    startProcess({
      name,
      command: newsqCommand(entry, args).command,
      args: newsqCommand(entry, args).args,
      env,
      cwd: repoRoot,
      logPath: join(dir, `${name.replace(/\W+/g, '-')}.log`),
      startedMessage: started,
      onLine: (line) => logs.add(line),
    });
  const startedAt = Date.now();
  const exited = new Set<string>();
  if (values.mode === 'run') processes.push(start('newsq run', 'cli', ['run'], /^newsq run: started$/));
  else
    for (const name of PIPELINE_SERVICES)
      processes.push(start(name, name, [], new RegExp(`^${name}: started$`)));
  for (const watched of processes) void watched.exited.then(() => exited.add(watched.name));

  const endAt = startedAt + minutes * 60_000;
  while (Date.now() < endAt) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_EVERY_MS * 6, endAt - Date.now())));
    const latest = sampler.samples.at(-1);
    const crashed = processes.find((p) => exited.has(p.name));
    if (crashed) throw new Error(`soak: ${crashed.name} stopped: ${crashed.stderrTail()}`);
    log(
      `  ${((Date.now() - startedAt) / 60_000).toFixed(1)} min: ${latest?.articles ?? 0} stored, ${latest?.jobsInFlight ?? 0} jobs in flight, ` +
        `redis ${((latest?.usedMemoryBytes ?? 0) / 2 ** 20).toFixed(1)} MB, ` +
        processes.map((p) => `${p.name} ${((p.latest?.rssBytes ?? 0) / 2 ** 20).toFixed(0)} MB`).join(', '),
    );
  }
  const endedAt = Date.now();
  const exits: Exit[] = [];
  for (const watched of processes) exits.push(await watched.stop('SIGTERM'));
  await sampler.stop();
  await retained.stop();
  await setup.redis.stop();

  const slopes: Array<{ name: string } & MemorySlope> = [
    ...processes.map((p) => ({ name: p.name, ...memorySlope(downsample(p.rss), startedAt + warmupMs) })),
    ...(
      [
        ['redis used_memory', (s) => s.usedMemoryBytes],
        ['redis less kept data', (s) => s.usedMemoryBytes - s.dedupeIndex - s.articleStream],
        ['  dedupe index', (s) => s.dedupeIndex],
        ['  article stream', (s) => s.articleStream],
      ] as const satisfies ReadonlyArray<readonly [string, (sample: RetainedSample) => number]>
    ).map(([name, bytes]) => ({
      name,
      ...memorySlope(
        retained.samples.map((s) => [s.at, bytes(s)] as const),
        startedAt + warmupMs,
      ),
    })),
  ];
  const rows = readRows(setup.databasePath);
  const published = scenario.pages.filter((page) => page.appearance().appearedAt <= endedAt).length;
  const freshness = measureFreshness(scenario.pages, rows, startedAt);
  const retries = logs.total(logs.retries);
  const cpuSeconds = exits.reduce((sum, exit) => sum + exit.cpuMs, 0) / 1000;

  log('');
  log(
    `ran ${((endedAt - startedAt) / 60_000).toFixed(1)} min; slopes fitted after a ${(warmupMs / 60_000).toFixed(1)} min warm-up`,
  );
  log(
    `ingested: ${rows.length} rows for ${published} pages published so far; retried attempts ${retries}; dead-lettered ${logs.total(logs.failures)}`,
  );
  log(
    `freshness, appearance in a feed -> stored: p50 ${freshness.appearedToStored.p50.toFixed(1)} s, p95 ${freshness.appearedToStored.p95.toFixed(1)} s (feeds polled every >= ${values['poll-interval-s']} s)`,
  );
  log(
    `newsq CPU: ${cpuSeconds.toFixed(1)} s over all processes, ${((cpuSeconds * 1000) / Math.max(1, rows.length)).toFixed(1)} ms per stored row`,
  );
  log('');
  log('memory                mean MB   slope MB/h   ± s.e.   drift MB   noise MB   verdict');
  for (const slope of slopes) {
    log(
      `${slope.name.padEnd(20)}${slope.meanMb.toFixed(1).padStart(9)}${slope.mbPerHour.toFixed(1).padStart(13)}` +
        `${slope.standardErrorMbPerHour.toFixed(1).padStart(9)}${slope.driftMb.toFixed(1).padStart(11)}` +
        `${slope.noiseMb.toFixed(1).padStart(11)}   ${slope.verdict}`,
    );
  }
  const last = retained.samples.at(-1);
  if (last && rows.length > 0) {
    log(
      `kept on purpose, growing with what is stored until its retention: the dedupe index ${(last.dedupeIndex / rows.length / 1024).toFixed(1)} KB ` +
        `per stored article (DEDUPE_RETENTION_DAYS), the article stream ${(last.articleStream / rows.length / 1024).toFixed(1)} KB (STORE_STREAM_MAX_LENGTH entries)`,
    );
  }
  writeFileSync(
    jsonPath,
    `${JSON.stringify(
      {
        machine,
        options: {
          minutes,
          rate,
          initial,
          warmupMs,
          mode: values.mode,
          pollIntervalS: values['poll-interval-s'],
        },
        ranMs: endedAt - startedAt,
        stored: rows.length,
        published,
        retries: Object.fromEntries(logs.retries),
        deadLettered: Object.fromEntries(logs.failures),
        freshness,
        cpuMs: Object.fromEntries(processes.map((p, i) => [p.name, exits[i]!.cpuMs])),
        slopes,
        series: {
          redis: retained.samples,
          ...Object.fromEntries(processes.map((p) => [p.name, downsample(p.rss)])),
        },
      },
      null,
      2,
    )}\n`,
  );
  log(`\nreport: ${jsonPath}`);
  if (values['keep-logs']) log(`logs kept in ${setup.dir}`);
} finally {
  for (const watched of processes) await watched.stop('SIGKILL', 1_000);
  await setup?.redis.stop();
  await scenario.close();
  if (!values['keep-logs']) rmSync(workDir, { recursive: true, force: true });
}

interface RetainedSample extends RetainedBytes {
  at: number;
  usedMemoryBytes: number;
}

/** Redis's used_memory with the bytes of the data newsq keeps on purpose, measured at the same moment. */
function sampleRetained(setup: Setup): PeriodicSampler<RetainedSample> {
  return samplePeriodically(SAMPLE_EVERY_MS, async () => {
    const kept = await setup.redis.retainedBytes(DEFAULT_PREFIX);
    const info = await setup.redis.info();
    return { at: Date.now(), usedMemoryBytes: Number(info.used_memory ?? 0), ...kept };
  });
}

/** One sample per SAMPLE_EVERY_MS: closer samples only repeat each other and shrink the slope's error falsely. */
function downsample(series: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const kept: Array<[number, number]> = [];
  for (const [at, value] of series) {
    if (kept.length === 0 || at - kept.at(-1)![0] >= SAMPLE_EVERY_MS) kept.push([at, value]);
  }
  return kept;
}
