// Owns when a feed is polled next: the interval its learned publishing rhythm calls for, between the
// configured bounds and never sooner than the server asks (ttl, sy:updatePeriod, Cache-Control, Expires,
// Retry-After); sooner after a window that rolled over, long while updates are pushed; exponential
// backoff on failure, and the unhealthy state after repeated failures.
import { learnedIntervalSeconds, observeRhythm, type PublishingRhythm } from './publishing-rhythm';

export interface PollPolicy {
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
  unhealthyAfter: number;
  /** The safety-net interval of a feed whose updates are pushed (an active WebSub subscription). */
  pushedIntervalSeconds: number;
}

/**
 * How many seconds of delay, summed over the items it brings in sooner, one poll is worth. At 90 s a feed
 * publishing 20 items an hour is polled about every 3 minutes, one publishing twice a day a few times an
 * hour around its usual times and every few hours in between.
 */
const POLL_WORTH_SECONDS = 90;

export type FeedHealth = 'new' | 'ok' | 'failing' | 'unhealthy';

export type PollOutcome =
  | {
      kind: 'fetched';
      /** Items in the document. */
      itemCount: number;
      /** Publication dates (ISO 8601, null when undated) of the items not seen before. */
      newItemDates: readonly (string | null)[];
      /** Server or feed hints, all in seconds: ttl / sy:updatePeriod, Cache-Control max-age, Expires. */
      hints: readonly (number | null)[];
    }
  | { kind: 'not-modified'; hints: readonly (number | null)[] }
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  | { kind: 'failed' };

export interface PollState {
  intervalSeconds: number | null;
  consecutiveFailures: number;
  rhythm: PublishingRhythm | null;
  /** Updates arrive by push (an active WebSub lease): polls are only the safety net. */
  pushed: boolean;
}

export interface PollPlan {
  nextPollAt: Date;
  intervalSeconds: number;
  consecutiveFailures: number;
  health: FeedHealth;
  rhythm: PublishingRhythm | null;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function planNextPoll(
  state: PollState,
  outcome: PollOutcome,
  policy: PollPolicy,
  now: Date,
  random: () => number = Math.random,
): PollPlan {
  const { minIntervalSeconds: min, maxIntervalSeconds: max } = policy;
  const base = clamp(state.intervalSeconds ?? min, min, max);

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
      rhythm: state.rhythm,
    };
  }

  const fetched = outcome.kind === 'fetched';
  const newItems = fetched ? outcome.newItemDates.length : 0;
  const rhythm = observeRhythm(state.rhythm, {
    at: now,
    ...(fetched ? { itemCount: outcome.itemCount } : {}),
    newItemDates: fetched ? outcome.newItemDates : [],
  });
  const learned = learnedIntervalSeconds(rhythm, now, {
    pollWorthSeconds: POLL_WORTH_SECONDS,
    maxSeconds: max,
  });
  // Without a rhythm yet (too little watched, no dates): come back sooner while news flows, later when not.
  let interval = learned ?? (newItems > 0 ? base / 1.5 : base * 1.5);
  // More than half the window new since the last look (all of it: the window rolled over, items may be
  // lost): the rate has jumped past what was learned, so shorten the time the last batch took to what
  // half a window would take, and at least halve it.
  if (fetched && state.rhythm !== null && outcome.itemCount > 0 && newItems > outcome.itemCount / 2) {
    const elapsed = (now.getTime() - Date.parse(state.rhythm.observedUntil)) / 1000;
    interval = Math.min(interval, (elapsed * outcome.itemCount) / 2 / newItems);
  }
  // Pushed updates leave polls as a safety net, unless this one found items the pushes had not brought.
  if (state.pushed && newItems === 0) interval = Math.max(learned ?? 0, policy.pushedIntervalSeconds);
  const hint = Math.max(0, ...outcome.hints.filter((value): value is number => value !== null && value > 0));
  interval = clamp(Math.max(interval, hint), min, max);
  // A little jitter keeps feeds added together from being polled in lockstep.
  const jittered = Math.round(interval * (0.9 + random() * 0.2) * 1000);
  return {
    nextPollAt: new Date(now.getTime() + jittered),
    intervalSeconds: Math.round(interval),
    consecutiveFailures: 0,
    health: 'ok',
    rhythm,
  };
}
