// Owns running newsq on a scenario as an operator would, from the outside: its own redis-server and
// SQLite file, the feeds imported with `newsq feeds import`, then either `newsq run --until-idle` as one
// process or every stage's service as its own process (done when the queues are empty, every feed has
// been polled and the article count has settled). While it runs it samples Redis memory, queue depths,
// stored articles and each process from /proc; afterwards it reads the logs and the database.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_QUEUES } from '@newsq/core';
import { renderOpml } from '@newsq/opml';
import { type Correctness, checkStored, type Freshness, measureFreshness } from './correctness';
import { readProgress, readRows } from './database';
import { LogStats, type StageLatency } from './log-stats';
import { newsqCommand, newsqEnv, repoRoot } from './newsq-command';
import { type PeriodicSampler, samplePeriodically } from './periodic-sampler';
import { type BenchRedis, startBenchRedis } from './redis-server';
import type { Scenario } from './scenarios';
import { fitLinear } from './stats';
import { type Exit, startProcess, type WatchedProcess } from './watched-process';

/** Every deployable that consumes a pipeline queue; webhook drains event-dispatch, which store feeds. */
export const PIPELINE_SERVICES = [
  'feed-poll',
  'article-fetch',
  'extract',
  'dedupe',
  'tag',
  'store',
  'webhook',
] as const;
/** newsq's key prefix when NEWSQ_PREFIX is unset, as the runs leave it. */
export const DEFAULT_PREFIX = 'newsq';
const SAMPLE_EVERY_MS = 1_000;
/** Consecutive idle samples (queues empty, count unchanged) that end a per-stage run. */
const SETTLED_SAMPLES = 4;

export interface ProcessFigures {
  name: string;
  exitCode: number | null;
  cpuMs: number;
  cpuMsPerArticle: number;
  /** Spawn to its `started` log line. */
  startupMs: number | null;
  startupRssBytes: number | null;
  startupCpuMs: number | null;
  peakRssBytes: number;
}

export interface RedisFigures {
  cpuMs: number;
  peakRssBytes: number;
  peakUsedMemoryBytes: number;
  peakJobsInFlight: number;
  /** used_memory fitted on jobs in flight and articles stored: bytes per 1,000 of each. */
  bytesPer1000InFlight: number | null;
  bytesPer1000Stored: number | null;
  fitRSquared: number | null;
}

export interface Sample {
  at: number;
  usedMemoryBytes: number;
  jobsInFlight: number;
  failedJobs: number;
  articles: number;
}

export interface NewsqRun {
  mode: 'newsq run' | 'newsq run, no per-host delay' | 'one process per stage';
  wallMs: number;
  /** From the first finished feed poll to the end (per-stage runs wait for the scheduler's first tick). */
  wallFromFirstPollMs: number | null;
  articles: number;
  articlesPerSecond: number;
  processes: ProcessFigures[];
  totalCpuMs: number;
  cpuMsPerArticle: number;
  redis: RedisFigures;
  latencies: Record<string, StageLatency>;
  retries: Record<string, number>;
  deadLettered: Record<string, number>;
  failedJobsInRedis: number;
  freshness: Freshness;
  correctness: Correctness;
  logDir: string;
  samples: Sample[];
}

export interface Setup {
  /** Epoch ms: when the feeds were registered, just before newsq starts. */
  startedAt: number;
  dir: string;
  redis: BenchRedis;
  databasePath: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh redis-server and SQLite file with the scenario's feeds imported; `settings` add to the env. */
export async function setUp(
  scenario: Scenario,
  workDir: string,
  label: string,
  settings: Record<string, string> = {},
): Promise<Setup> {
  const dir = join(workDir, `${scenario.name}-${label}`);
  mkdirSync(dir, { recursive: true });
  const redis = await startBenchRedis(dir, join(dir, 'redis.log'));
  const databasePath = join(dir, 'newsq.db');
  const env = newsqEnv({
    REDIS_URL: redis.url,
    DATABASE_URL: `sqlite:${databasePath}`,
    FETCH_ALLOWED_PRIVATE_HOSTS: scenario.hostPorts.join(','),
    ...settings,
  });
  const opml = join(dir, 'feeds.opml');
  writeFileSync(
    opml,
    renderOpml(
      scenario.feedUrls.map((url) => ({ url, title: null })),
      scenario.name,
    ),
  );
  scenario.forgetServed();
  const { command, args } = newsqCommand('cli', ['feeds', 'import', opml]);
  const importer = startProcess({
    name: 'feeds import',
    command,
    args,
    env,
    cwd: repoRoot,
    logPath: join(dir, 'setup.log'),
  });
  const imported = await importer.exited;
  if (imported.code !== 0) throw new Error(`bench: newsq feeds import failed: ${importer.stderrTail()}`);
  return { startedAt: Date.now(), dir, redis, databasePath, env };
}

export function startSampler(setup: Setup): PeriodicSampler<Sample> {
  return samplePeriodically(
    SAMPLE_EVERY_MS,
    async () => {
      const [info, depths] = await Promise.all([
        setup.redis.info(),
        setup.redis.queueDepths(DEFAULT_PREFIX, ALL_QUEUES),
      ]);
      return {
        at: Date.now(),
        usedMemoryBytes: Number(info.used_memory ?? 0),
        jobsInFlight: depths.pending,
        failedJobs: depths.failed,
        articles: readProgress(setup.databasePath).articles,
      };
    },
    { sampleAtStop: true },
  );
}

function redisFigures(samples: readonly Sample[], cpuMs: number, peakRssBytes: number): RedisFigures {
  const fit = fitLinear(samples.map((s) => ({ x: [s.jobsInFlight, s.articles], y: s.usedMemoryBytes })));
  return {
    cpuMs,
    peakRssBytes,
    peakUsedMemoryBytes: Math.max(0, ...samples.map((s) => s.usedMemoryBytes)),
    peakJobsInFlight: Math.max(0, ...samples.map((s) => s.jobsInFlight)),
    bytesPer1000InFlight: fit ? fit.coefficients[1]! * 1000 : null,
    bytesPer1000Stored: fit ? fit.coefficients[2]! * 1000 : null,
    fitRSquared: fit?.rSquared ?? null,
  };
}

function processFigures(watched: WatchedProcess, exit: Exit, articles: number): ProcessFigures {
  return {
    name: watched.name,
    exitCode: exit.code,
    cpuMs: exit.cpuMs,
    cpuMsPerArticle: exit.cpuMs / Math.max(1, articles),
    startupMs: watched.startedAt === null ? null : watched.startedAt - watched.spawnedAt,
    startupRssBytes: watched.atStart?.rssBytes ?? null,
    startupCpuMs: watched.atStart?.cpuMs ?? null,
    peakRssBytes: watched.latest?.peakRssBytes ?? 0,
  };
}

async function finish(
  scenario: Scenario,
  setup: Setup,
  mode: NewsqRun['mode'],
  sampler: { samples: Sample[]; stop(): Promise<void> },
  logs: LogStats,
  wallMs: number,
  firstPollAt: number | null,
  endedAt: number,
  stopped: Array<{ watched: WatchedProcess; exit: Exit }>,
): Promise<NewsqRun> {
  await sampler.stop();
  const info = await setup.redis.info();
  const redisCpuMs = (Number(info.used_cpu_sys ?? 0) + Number(info.used_cpu_user ?? 0)) * 1000;
  const failedJobsInRedis = sampler.samples.at(-1)?.failedJobs ?? 0;
  const redisPeakRss = setup.redis.process.latest?.peakRssBytes ?? 0;
  await setup.redis.stop();
  const rows = readRows(setup.databasePath);
  const articles = rows.length;
  const processes = stopped.map(({ watched, exit }) => processFigures(watched, exit, articles));
  const totalCpuMs = processes.reduce((sum, p) => sum + p.cpuMs, 0);
  return {
    mode,
    wallMs,
    wallFromFirstPollMs: firstPollAt === null ? null : endedAt - firstPollAt,
    articles,
    articlesPerSecond: articles / (wallMs / 1000),
    processes,
    totalCpuMs,
    cpuMsPerArticle: totalCpuMs / Math.max(1, articles),
    redis: redisFigures(sampler.samples, redisCpuMs, redisPeakRss),
    latencies: logs.latencies(),
    retries: Object.fromEntries(logs.retries),
    deadLettered: Object.fromEntries(logs.failures),
    failedJobsInRedis,
    freshness: measureFreshness(scenario.pages, rows, setup.startedAt),
    correctness: checkStored(scenario.pages, rows),
    logDir: setup.dir,
    samples: sampler.samples,
  };
}

/** Politeness off: no delay between requests to a host, fixed or adaptive (its concurrency cap stays). */
const NO_HOST_DELAY = { FETCH_HOST_MIN_DELAY_MS: '0', FETCH_HOST_DELAY_FACTOR: '0' };

/**
 * `newsq run --until-idle`: every stage and the scheduler in one process, default settings; or, with
 * `withoutHostDelay`, the same with no per-host delay, to show what the pipeline does when the sites'
 * politeness is not what bounds it.
 */
export async function runNewsqSingle(
  scenario: Scenario,
  workDir: string,
  timeoutMs: number,
  withoutHostDelay = false,
): Promise<NewsqRun> {
  const mode: NewsqRun['mode'] = withoutHostDelay ? 'newsq run, no per-host delay' : 'newsq run';
  const setup = await setUp(
    scenario,
    workDir,
    withoutHostDelay ? 'newsq-run-no-host-delay' : 'newsq-run',
    withoutHostDelay ? NO_HOST_DELAY : {},
  );
  const logs = new LogStats();
  let firstPollAt: number | null = null;
  const sampler = startSampler(setup);
  const { command, args } = newsqCommand('cli', ['run', '--until-idle']);
  const run = startProcess({
    name: 'newsq run',
    command,
    args,
    env: setup.env,
    cwd: repoRoot,
    logPath: join(setup.dir, 'newsq-run.log'),
    startedMessage: /^newsq run: started$/,
    onLine: (line, at) => {
      logs.add(line);
      if (firstPollAt === null && line.msg === 'feed-poll: done') firstPollAt = at;
    },
  });
  const timer = setTimeout(() => void run.stop('SIGTERM'), timeoutMs);
  const exit = await run.exited;
  clearTimeout(timer);
  if (exit.code !== 0)
    throw new Error(`bench: newsq run exited ${exit.code ?? exit.signal}: ${run.stderrTail()}`);
  return finish(scenario, setup, mode, sampler, logs, exit.wallMs, firstPollAt, Date.now(), [
    { watched: run, exit },
  ]);
}

/** Every pipeline service as its own process (as containers run them): CPU and memory per stage. */
export async function runNewsqPerStage(
  scenario: Scenario,
  workDir: string,
  timeoutMs: number,
): Promise<NewsqRun> {
  const setup = await setUp(scenario, workDir, 'per-stage');
  const logs = new LogStats();
  let firstPollAt: number | null = null;
  const sampler = startSampler(setup);
  const startedAt = Date.now();
  const services = PIPELINE_SERVICES.map((name) => {
    const { command, args } = newsqCommand(name);
    return startProcess({
      name,
      command,
      args,
      env: setup.env,
      cwd: repoRoot,
      logPath: join(setup.dir, `${name}.log`),
      startedMessage: new RegExp(`^${name}: started$`),
      onLine: (line, at) => {
        logs.add(line);
        if (firstPollAt === null && line.msg === 'feed-poll: done') firstPollAt = at;
      },
    });
  });
  const exited = new Set<string>();
  for (const service of services) void service.exited.then(() => exited.add(service.name));
  let settled = 0;
  let endedAt = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    const exitedEarly = services.find((service) => exited.has(service.name));
    if (exitedEarly) throw new Error(`bench: ${exitedEarly.name} exited early: ${exitedEarly.stderrTail()}`);
    const [latest, previous] = [sampler.samples.at(-1), sampler.samples.at(-2)];
    const progress = readProgress(setup.databasePath);
    const idle =
      latest !== undefined &&
      previous !== undefined &&
      latest.jobsInFlight === 0 &&
      progress.unpolledFeeds === 0 &&
      latest.articles > 0 &&
      latest.articles === previous.articles;
    settled = idle ? settled + 1 : 0;
    if (settled === 1) endedAt = latest!.at;
    if (settled >= SETTLED_SAMPLES) break;
    if (Date.now() - startedAt > timeoutMs)
      throw new Error('bench: the per-stage run did not settle in time');
  }
  // One at a time, so each process's CPU is read exactly as it is reaped.
  const stopped: Array<{ watched: WatchedProcess; exit: Exit }> = [];
  for (const service of services) stopped.push({ watched: service, exit: await service.stop('SIGTERM') });
  return finish(
    scenario,
    setup,
    'one process per stage',
    sampler,
    logs,
    endedAt - startedAt,
    firstPollAt,
    endedAt,
    stopped,
  );
}
