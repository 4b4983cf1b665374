// Learned polling on simulated feeds, against fixed 5-minute polling: the publishing patterns the issue
// names, replayed on a simulated clock (no real waiting). `pnpm bench poll` prints the full table.
import { describe, expect, it } from 'vitest';
import { planNextPoll } from './plan-next-poll';
import { dailyTimes, fixedPlanner, poissonTimes, seededRandom, simulatePolling } from './testing';

const DAY_MS = 86_400_000;
const start = Date.parse('2026-03-02T00:00:00Z');
const span = { start, measureFrom: start + 3 * DAY_MS, end: start + 10 * DAY_MS };
const policy = {
  minIntervalSeconds: 60,
  maxIntervalSeconds: 86_400,
  unhealthyAfter: 5,
  pushedIntervalSeconds: 21_600,
};
const learned = () => {
  const random = seededRandom(7);
  return (...[state, outcome, now]: Parameters<Parameters<typeof simulatePolling>[1]>) =>
    planNextPoll(state, outcome, policy, now, random);
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('learned polling on simulated feeds', () => {
  it('settles near the rate of a feed publishing 20 items an hour', () => {
    const feed = { name: 'busy', window: 30, publishedAt: poissonTimes(() => 20, span, seededRandom(1)) };
    const report = simulatePolling(feed, learned(), span);
    const fixed = simulatePolling(feed, fixedPlanner(300), span);
    // One item every 180 s on average.
    expect(median(report.intervals.map((interval) => interval.seconds))).toBeGreaterThan(150);
    expect(median(report.intervals.map((interval) => interval.seconds))).toBeLessThan(220);
    expect(report.missed).toBe(0);
    expect(report.meanDelaySeconds).toBeLessThan(fixed.meanDelaySeconds);
  });

  it('backs off on a feed publishing twice a day, and still polls around its hours', () => {
    const feed = { name: 'twice', window: 10, publishedAt: dailyTimes([8, 18], 20, span, seededRandom(2)) };
    const report = simulatePolling(feed, learned(), span);
    const fixed = simulatePolling(feed, fixedPlanner(300), span);
    expect(report.pollsPerDay).toBeLessThan(fixed.pollsPerDay / 5);
    expect(median(report.intervals.map((interval) => interval.seconds))).toBeGreaterThan(3600);
    expect(report.meanDelaySeconds).toBeLessThan(20 * 60);
    expect(report.missed).toBe(0);
  });

  it('shortens the interval when a window rolls over', () => {
    // Quiet for three days (a few items a day), then a breaking story at 60 items an hour.
    const quiet = poissonTimes(() => 0.2, { start, end: start + 3 * DAY_MS }, seededRandom(3));
    const burst = poissonTimes(() => 60, { start: start + 3 * DAY_MS, end: span.end }, seededRandom(4));
    const feed = { name: 'breaking', window: 10, publishedAt: [...quiet, ...burst] };
    const report = simulatePolling(feed, learned(), { ...span, measureFrom: start });
    const burstStart = start + 3 * DAY_MS;
    const quietInterval = report.intervals.filter((interval) => interval.at < burstStart).at(-1)!.seconds;
    const rollovers = report.intervals.filter((interval) => interval.rolledOver);
    expect(rollovers.length).toBeGreaterThan(0);
    for (const rollover of rollovers)
      expect(rollover.seconds).toBeLessThanOrEqual(Math.round(rollover.elapsedSeconds / 2));
    const firstHour = report.intervals.filter(
      (interval) => interval.at >= burstStart && interval.at < burstStart + 3_600_000,
    );
    expect(Math.min(...firstHour.map((interval) => interval.seconds))).toBeLessThan(quietInterval / 4);
  });
});
