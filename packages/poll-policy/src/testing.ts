// Owns the polling simulator shared by the learned-polling tests and the poll bench: a feed's publication
// times replayed against a poll planner on a simulated clock, measuring the delay from publication to the
// poll that first sees each item, the polls made, and the items that rolled off the window unseen.
import type { PollOutcome, PollPlan, PollState } from './plan-next-poll';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type Planner = (state: PollState, outcome: PollOutcome, now: Date) => PollPlan;

export interface SimulatedFeed {
  name: string;
  /** How many of the newest items the feed document lists. */
  window: number;
  /** Publication times (ms since the epoch), ascending. */
  publishedAt: readonly number[];
}

export interface SimulationReport {
  /** Items published in the measured span. */
  items: number;
  /** Of those, items that rolled off the window before any poll saw them. */
  missed: number;
  meanDelaySeconds: number;
  pollsPerDay: number;
  /** Each poll: when, the interval it planned, the time since the poll before, and whether every item was new. */
  intervals: { at: number; seconds: number; elapsedSeconds: number; rolledOver: boolean }[];
}

/** A small seeded generator (mulberry32), so simulated feeds are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Publication times of a Poisson process whose hourly rate depends on the UTC hour of the day. */
export function poissonTimes(
  ratePerHour: (hourOfDay: number) => number,
  span: { start: number; end: number },
  random: () => number,
): number[] {
  const peak = Math.max(...Array.from({ length: 24 }, (_, hour) => ratePerHour(hour)));
  const times: number[] = [];
  for (let time = span.start; ; ) {
    time += (-Math.log(1 - random()) / peak) * HOUR_MS;
    if (time >= span.end) return times;
    if (random() < ratePerHour(new Date(time).getUTCHours()) / peak) times.push(time);
  }
}

/** One item a day at each of `hours` (UTC, fractional allowed), give or take `jitterMinutes`. */
export function dailyTimes(
  hours: readonly number[],
  jitterMinutes: number,
  span: { start: number; end: number },
  random: () => number,
): number[] {
  const times: number[] = [];
  for (let day = Math.floor(span.start / DAY_MS) * DAY_MS; day < span.end; day += DAY_MS) {
    for (const hour of hours) {
      const time = day + hour * HOUR_MS + (random() * 2 - 1) * jitterMinutes * 60_000;
      if (time >= span.start && time < span.end) times.push(time);
    }
  }
  return times.sort((a, b) => a - b);
}

/** A planner that polls every `seconds`, whatever happens: the baseline learned polling is measured against. */
export function fixedPlanner(seconds: number): Planner {
  return (state, _outcome, now) => ({
    nextPollAt: new Date(now.getTime() + seconds * 1000),
    intervalSeconds: seconds,
    consecutiveFailures: 0,
    health: 'ok',
    rhythm: state.rhythm,
  });
}

/** Polls `feed` from `start` to `end` with `plan`; delays and polls are counted from `measureFrom` on. */
export function simulatePolling(
  feed: SimulatedFeed,
  plan: Planner,
  span: { start: number; measureFrom: number; end: number },
): SimulationReport {
  let state: PollState = { intervalSeconds: null, consecutiveFailures: 0, rhythm: null, pushed: false };
  const seen = new Set<number>();
  const delays: number[] = [];
  const intervals: SimulationReport['intervals'] = [];
  let previousPoll: number | null = null;
  let polls = 0;
  let published = 0;
  for (let now = span.start; now < span.end; ) {
    while (published < feed.publishedAt.length && feed.publishedAt[published]! <= now) published += 1;
    const windowStart = Math.max(0, published - feed.window);
    const fresh: number[] = [];
    for (let index = windowStart; index < published; index++) if (!seen.has(index)) fresh.push(index);
    for (const index of fresh) {
      seen.add(index);
      if (feed.publishedAt[index]! >= span.measureFrom) delays.push(now - feed.publishedAt[index]!);
    }
    const outcome: PollOutcome = {
      kind: 'fetched',
      itemCount: published - windowStart,
      newItemDates: fresh.map((index) => new Date(feed.publishedAt[index]!).toISOString()),
      hints: [],
    };
    const next = plan(state, outcome, new Date(now));
    state = { ...state, intervalSeconds: next.intervalSeconds, rhythm: next.rhythm };
    if (now >= span.measureFrom) {
      polls += 1;
      intervals.push({
        at: now,
        seconds: next.intervalSeconds,
        elapsedSeconds: previousPoll === null ? 0 : (now - previousPoll) / 1000,
        rolledOver: previousPoll !== null && fresh.length > 0 && fresh.length === published - windowStart,
      });
    }
    previousPoll = now;
    now = next.nextPollAt.getTime();
  }
  const measured = feed.publishedAt
    .map((time, index) => ({ time, index }))
    .filter(({ time }) => time >= span.measureFrom && time < span.end);
  const unseen = measured.filter(({ index }) => !seen.has(index));
  // Items published after the last poll are not missed, only not yet polled.
  const missed = unseen.filter(({ index }) => index < published - feed.window).length;
  return {
    items: measured.length - (unseen.length - missed),
    missed,
    meanDelaySeconds:
      delays.length === 0 ? 0 : delays.reduce((sum, delay) => sum + delay, 0) / delays.length / 1000,
    pollsPerDay: polls / ((span.end - span.measureFrom) / DAY_MS),
    intervals,
  };
}
