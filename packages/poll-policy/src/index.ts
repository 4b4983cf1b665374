// Owns when a feed is polled next: an adaptive interval between configured bounds
// that follows how often the feed publishes and what the server asks for
// (ttl, sy:updatePeriod, Cache-Control, Expires, Retry-After), exponential
// backoff on failure, and the unhealthy state after repeated failures.

export interface PollPolicy {
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
  unhealthyAfter: number;
}

export type FeedHealth = 'new' | 'ok' | 'failing' | 'unhealthy';

export type PollOutcome =
  | {
      kind: 'fetched';
      newItems: number;
      /** Publication dates of the items in the document, ISO 8601. */
      itemDates: readonly string[];
      /** Server or feed hints, all in seconds: ttl / sy:updatePeriod, Cache-Control max-age, Expires. */
      hints: readonly (number | null)[];
    }
  | { kind: 'not-modified'; hints: readonly (number | null)[] }
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  | { kind: 'failed' };

export interface PollState {
  intervalSeconds: number | null;
  consecutiveFailures: number;
}

export interface PollPlan {
  nextPollAt: Date;
  intervalSeconds: number;
  consecutiveFailures: number;
  health: FeedHealth;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Median gap between consecutive publication dates, or null with fewer than three dates. */
export function publishingCadenceSeconds(itemDates: readonly string[]): number | null {
  const times = itemDates
    .map((date) => Date.parse(date))
    .filter((time) => Number.isFinite(time))
    .sort((a, b) => b - a);
  if (times.length < 3) return null;
  const gaps = times
    .slice(1)
    .map((time, index) => (times[index]! - time) / 1000)
    .filter((gap) => gap > 0)
    .sort((a, b) => a - b);
  return gaps.length === 0 ? null : gaps[Math.floor(gaps.length / 2)]!;
}

export function planNextPoll(
  state: PollState,
  outcome: PollOutcome,
  policy: PollPolicy,
  now: Date,
  random: () => number = Math.random,
): PollPlan {
  const { minIntervalSeconds: min, maxIntervalSeconds: max } = policy;
  const base = clamp(state.intervalSeconds ?? min, min, max);
  // A little jitter keeps feeds added together from being polled in lockstep.
  const at = (seconds: number) =>
    new Date(now.getTime() + Math.round(seconds * (0.9 + random() * 0.2) * 1000));

  if (outcome.kind === 'failed' || outcome.kind === 'rate-limited') {
    const failures = state.consecutiveFailures + 1;
    const backoff = clamp(base * 2 ** Math.min(failures, 16), min, max);
    const retryAfter =
      outcome.kind === 'rate-limited' && outcome.retryAfterMs !== null ? outcome.retryAfterMs / 1000 : 0;
    const unhealthy = failures >= policy.unhealthyAfter;
    // An unhealthy feed is still tried, rarely: at the longest interval.
    const delay = Math.max(unhealthy ? max : backoff, retryAfter);
    return {
      nextPollAt: new Date(now.getTime() + delay * 1000),
      intervalSeconds: base,
      consecutiveFailures: failures,
      health: unhealthy ? 'unhealthy' : 'failing',
    };
  }

  const hint = Math.max(0, ...outcome.hints.filter((value): value is number => value !== null && value > 0));
  let interval: number;
  if (outcome.kind === 'fetched' && outcome.newItems > 0) {
    const cadence = publishingCadenceSeconds(outcome.itemDates);
    // Poll about twice per publishing gap, but come back sooner than before when news is flowing.
    interval = cadence === null ? base / 1.5 : Math.min(base, cadence / 2);
  } else {
    interval = base * 1.5;
  }
  interval = clamp(Math.max(interval, hint), min, max);
  return {
    nextPollAt: at(interval),
    intervalSeconds: Math.round(interval),
    consecutiveFailures: 0,
    health: 'ok',
  };
}
