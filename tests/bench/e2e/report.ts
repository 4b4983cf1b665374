// Owns the e2e bench's verdicts and its report: the targets of the system-throughput issue checked
// against the figures of one run, and the figures laid out as tables for stdout.
import type { Limit } from './measure-limit';
import type { LoopRun } from './run-loop';
import type { NewsqRun } from './run-newsq';

export interface Target {
  name: string;
  goal: string;
  value: string;
  pass: boolean;
}

export interface ScenarioReport {
  name: string;
  description: string;
  pages: number;
  loop: LoopRun | null;
  limit: Limit | null;
  newsqRun: NewsqRun | null;
  noHostDelay: NewsqRun | null;
  perStage: NewsqRun | null;
  politeness: Politeness;
  targets: Target[];
}

/** What the default per-host delay alone allows: the busiest host's requests, one per delay. */
export interface Politeness {
  busiestHost: { pages: number; feeds: number };
  hostMinDelayMs: number;
}

/** The shortest run any fetcher honouring the delay could make, however fast everything else is. */
function politenessFloorSeconds({ busiestHost, hostMinDelayMs }: Politeness): number {
  return (Math.max(0, busiestHost.pages + busiestHost.feeds - 1) * hostMinDelayMs) / 1000;
}

const CONTENDER_LABELS: Record<NewsqRun['mode'], string> = {
  'newsq run': 'newsq run --until-idle',
  'newsq run, no per-host delay': 'newsq run, no per-host delay',
  'one process per stage': 'newsq, one process per stage',
};

const MB = 1024 * 1024;
const fixed = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
const mb = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? '-' : fixed(bytes / MB, 0);

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** Distinct pages the loop stored per second of its whole run (start to exit, as for newsq). */
function loopRate(loop: LoopRun): number {
  return loop.distinctPages / (loop.wallMs / 1000);
}

/** The targets: the generated network wants the full set, the real pages 3x the loop. */
export function targetsFor(scenario: string, report: Omit<ScenarioReport, 'targets'>): Target[] {
  const run = report.newsqRun;
  const targets: Target[] = [];
  // A target is judged only when the contenders it compares ran.
  const wanted = scenario === 'real-pages' ? 3 : 4;
  if (run && report.loop) {
    const speedUp = run.articlesPerSecond / loopRate(report.loop);
    targets.push({
      name: 'newsq run vs the loop',
      goal: `>= ${wanted}x`,
      value: `${fixed(speedUp, 2)}x`,
      pass: speedUp >= wanted,
    });
  }
  if (scenario !== 'real-pages') {
    for (const measured of [run, report.perStage]) {
      if (!measured) continue;
      targets.push({
        name: `CPU per article, ${measured.mode} (all stages)`,
        goal: '<= 45 ms',
        value: `${fixed(measured.cpuMsPerArticle)} ms`,
        pass: measured.cpuMsPerArticle <= 45,
      });
    }
    if (run && report.limit) {
      const ofLimit = run.articlesPerSecond / report.limit.pagesPerSecond;
      targets.push({
        name: 'newsq run vs the limit (extraction alone)',
        goal: '>= 0.8',
        value: fixed(ofLimit, 2),
        pass: ofLimit >= 0.8,
      });
    }
  }
  for (const measured of [run, report.noHostDelay, report.perStage]) {
    if (!measured) continue;
    const retries = Object.values(measured.retries).reduce((sum, n) => sum + n, 0);
    targets.push({
      name: `retried jobs, ${measured.mode}`,
      goal: '0',
      value: String(retries),
      pass: retries === 0,
    });
    targets.push({
      name: `every page stored once, ${measured.mode}`,
      goal: 'all',
      value: `${measured.correctness.storedOnce}/${measured.correctness.expectedPages}`,
      pass: measured.correctness.pass,
    });
  }
  return targets;
}

export function formatReport(report: ScenarioReport): string[] {
  const out = [`-- scenario ${report.name}: ${report.description}`, ''];
  const loopArticlesPerSecond = report.loop ? loopRate(report.loop) : null;
  const throughput: string[][] = [];
  if (report.loop) {
    const { loop } = report;
    throughput.push([
      'loop: fetch, readability+jsdom, sqlite',
      fixed(loop.wallMs / 1000),
      `${loop.distinctPages}`,
      fixed(loopArticlesPerSecond, 2),
      '1.00',
      fixed(loop.cpuMs / Math.max(1, loop.distinctPages)),
      mb(loop.peakRssBytes),
    ]);
  }
  if (report.limit) {
    const { limit } = report;
    throughput.push([
      `limit: extract pool, ${limit.threads} threads`,
      fixed(limit.wallMs / 1000),
      String(limit.pages - limit.failed),
      fixed(limit.pagesPerSecond, 2),
      loopArticlesPerSecond ? fixed(limit.pagesPerSecond / loopArticlesPerSecond, 2) : '-',
      fixed(limit.cpuMsPerPage),
      '-',
    ]);
  }
  for (const run of [report.newsqRun, report.noHostDelay, report.perStage]) {
    if (!run) continue;
    throughput.push([
      CONTENDER_LABELS[run.mode],
      fixed(run.wallMs / 1000),
      String(run.articles),
      fixed(run.articlesPerSecond, 2),
      loopArticlesPerSecond ? fixed(run.articlesPerSecond / loopArticlesPerSecond, 2) : '-',
      fixed(run.cpuMsPerArticle),
      mb(Math.max(...run.processes.map((p) => p.peakRssBytes))),
    ]);
  }
  out.push(
    ...table(
      ['contender', 'wall s', 'articles', 'articles/s', 'x loop', 'CPU ms/article', 'peak RSS MB'],
      throughput,
    ),
    '',
  );
  if (report.loop) {
    const { result, distinctPages } = report.loop;
    out.push(
      `the loop: ${result.links} links from ${result.feeds} feeds, ${result.stored} rows (${distinctPages} distinct pages; ` +
        `tracking-parameter links fetched again), ${result.failed} failed; feeds read in ${fixed(result.feedsMs / 1000)} s`,
    );
  }
  const floor = politenessFloorSeconds(report.politeness);
  out.push(
    `politeness: the busiest host serves ${report.politeness.busiestHost.pages} pages and ` +
      `${report.politeness.busiestHost.feeds} feeds; at one request per ` +
      `${report.politeness.hostMinDelayMs} ms at most (FETCH_HOST_MIN_DELAY_MS; slower as the host's responses slow) ` +
      `the last starts at least ${fixed(floor)} s` +
      (loopArticlesPerSecond && floor > 0
        ? ` after the first, so a polite run can reach at most ${fixed(report.pages / floor / loopArticlesPerSecond, 2)}x the loop`
        : ''),
    '',
  );

  for (const run of [report.newsqRun, report.noHostDelay, report.perStage]) {
    if (!run) continue;
    out.push(`${run.mode}:`);
    if (run.wallFromFirstPollMs !== null) {
      out.push(`  wall from the first finished feed poll: ${fixed(run.wallFromFirstPollMs / 1000)} s`);
    }
    out.push(
      ...table(
        [
          '  process',
          'CPU s',
          'CPU ms/article',
          'startup s',
          'startup RSS MB',
          'startup CPU s',
          'peak RSS MB',
        ],
        [
          ...run.processes.map((p) => [
            `  ${p.name}`,
            fixed(p.cpuMs / 1000),
            fixed(p.cpuMsPerArticle),
            p.startupMs === null ? '-' : fixed(p.startupMs / 1000, 2),
            mb(p.startupRssBytes),
            p.startupCpuMs === null ? '-' : fixed(p.startupCpuMs / 1000, 2),
            mb(p.peakRssBytes),
          ]),
          ['  total newsq', fixed(run.totalCpuMs / 1000), fixed(run.cpuMsPerArticle), '-', '-', '-', '-'],
          [
            '  redis-server',
            fixed(run.redis.cpuMs / 1000),
            fixed(run.redis.cpuMs / Math.max(1, run.articles)),
            '-',
            '-',
            '-',
            mb(run.redis.peakRssBytes),
          ],
        ],
      ),
    );
    const latencies = Object.entries(run.latencies);
    out.push(
      ...table(
        ['  stage latency', 'jobs', 'p50 ms', 'p95 ms'],
        latencies.map(([stage, l]) => [`  ${stage}`, String(l.jobs), fixed(l.p50Ms, 0), fixed(l.p95Ms, 0)]),
      ),
    );
    const { appearedToStored: a, firstServedToStored: f } = run.freshness;
    out.push(
      `  feed appearance -> stored row: p50 ${fixed(a.p50)} s, p95 ${fixed(a.p95)} s, max ${fixed(a.max)} s`,
      `  first served in a feed -> stored row: p50 ${fixed(f.p50)} s, p95 ${fixed(f.p95)} s, max ${fixed(f.max)} s`,
      `  redis: peak used_memory ${mb(run.redis.peakUsedMemoryBytes)} MB at up to ${run.redis.peakJobsInFlight} jobs in flight; ` +
        `fit: ${mb(run.redis.bytesPer1000InFlight)} MB per 1,000 jobs in flight, ${mb(run.redis.bytesPer1000Stored)} MB per 1,000 stored (R² ${fixed(run.redis.fitRSquared, 2)})`,
      `  retried attempts: ${JSON.stringify(run.retries)}; dead-lettered: ${JSON.stringify(run.deadLettered)}; failed jobs in Redis: ${run.failedJobsInRedis}`,
    );
    const c = run.correctness;
    out.push(
      `  stored: ${c.storedRows} rows for ${c.expectedPages} pages; stored once ${c.storedOnce}, missing ${c.missing.length}, ` +
        `twice ${c.storedTwice.length}, unexpected ${c.unexpectedRows.length}, bad stories ${c.badStories.length}; ` +
        `copies as references ${c.copiesAsReferences}, folded by canonical ${c.copiesFoldedByCanonical}`,
    );
    for (const example of [...c.missing, ...c.storedTwice, ...c.badStories, ...c.unexpectedRows].slice(
      0,
      5,
    )) {
      out.push(`    e.g. ${example}`);
    }
    out.push(`  logs: ${run.logDir}`, '');
  }
  out.push(
    ...table(
      ['target', 'goal', 'measured', 'verdict'],
      report.targets.map((t) => [t.name, t.goal, t.value, t.pass ? 'PASS' : 'FAIL']),
    ),
    '',
  );
  return out;
}
