import { describe, expect, it } from 'vitest';
import { type PollState, planNextPoll } from './plan-next-poll';
import { observeRhythm } from './publishing-rhythm';

const policy = {
  minIntervalSeconds: 300,
  maxIntervalSeconds: 86_400,
  unhealthyAfter: 3,
  pushedIntervalSeconds: 21_600,
};
const now = new Date('2026-01-01T00:00:00Z');
const half = () => 0.5;
const secondsUntil = (date: Date) => (date.getTime() - now.getTime()) / 1000;
const fresh: PollState = { intervalSeconds: null, consecutiveFailures: 0, rhythm: null, pushed: false };
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
/** A feed watched for two days up to 1,000 s ago that published one item an hour, holding its last ten. */
const hourlyRhythm = observeRhythm(null, {
  at: new Date(now.getTime() - 1_000_000),
  itemCount: 10,
  newItemDates: Array.from({ length: 48 }, (_, hour) => hoursAgo(hour + 0.5)),
});

describe('planNextPoll', () => {
  it('follows the learned rhythm: an hourly feed is polled every few minutes, not every hour', () => {
    const plan = planNextPoll(
      { ...fresh, intervalSeconds: 7200, rhythm: hourlyRhythm },
      { kind: 'fetched', itemCount: 10, newItemDates: [hoursAgo(0.2)], hints: [] },
      policy,
      now,
      half,
    );
    // sqrt(2 x 90 s x 3600 s) = 805 s
    expect(plan.intervalSeconds).toBeGreaterThan(700);
    expect(plan.intervalSeconds).toBeLessThan(900);
    expect(plan.health).toBe('ok');
    expect(plan.rhythm!.observedUntil).toBe(now.toISOString());
  });

  it('without a rhythm yet, comes back sooner while items flow and later when nothing is new', () => {
    const flowing = planNextPoll(
      { ...fresh, intervalSeconds: 900 },
      { kind: 'fetched', itemCount: 3, newItemDates: [null, null, null], hints: [] },
      policy,
      now,
      half,
    );
    expect(flowing.intervalSeconds).toBe(600);
    const quiet = planNextPoll(
      { ...fresh, intervalSeconds: 600 },
      { kind: 'not-modified', hints: [] },
      policy,
      now,
      half,
    );
    expect(quiet.intervalSeconds).toBe(900);
  });

  it('never polls sooner than ttl or cache hints ask, and stays within the bounds', () => {
    const hinted = planNextPoll(
      { ...fresh, intervalSeconds: 600, rhythm: hourlyRhythm },
      { kind: 'not-modified', hints: [null, 3600] },
      policy,
      now,
      half,
    );
    expect(hinted.intervalSeconds).toBe(3600);
    const bounded = planNextPoll(
      { ...fresh, intervalSeconds: 80_000 },
      { kind: 'fetched', itemCount: 0, newItemDates: [], hints: [999_999] },
      policy,
      now,
      half,
    );
    expect(bounded.intervalSeconds).toBe(86_400);
  });

  it('polls sooner after a window that rolled over', () => {
    const state = { ...fresh, intervalSeconds: 1000, rhythm: hourlyRhythm };
    const allNew = Array.from({ length: 10 }, (_, index) => hoursAgo(index / 20));
    const rolled = planNextPoll(
      state,
      { kind: 'fetched', itemCount: 10, newItemDates: allNew, hints: [] },
      policy,
      now,
      half,
    );
    const partly = planNextPoll(
      state,
      { kind: 'fetched', itemCount: 11, newItemDates: allNew, hints: [] },
      policy,
      now,
      half,
    );
    // Ten new items in the last 1,000 s: five (half the window) arrive in 500 s.
    expect(rolled.intervalSeconds).toBe(500);
    expect(rolled.intervalSeconds).toBeLessThan(partly.intervalSeconds);
  });

  it('keeps a pushed feed on the safety-net interval unless its poll finds what pushes missed', () => {
    const pushed = { ...fresh, intervalSeconds: 900, rhythm: hourlyRhythm, pushed: true };
    const quiet = planNextPoll(
      pushed,
      { kind: 'fetched', itemCount: 10, newItemDates: [], hints: [] },
      policy,
      now,
      half,
    );
    expect(quiet.intervalSeconds).toBe(21_600);
    const missed = planNextPoll(
      pushed,
      { kind: 'fetched', itemCount: 10, newItemDates: [hoursAgo(0.1)], hints: [] },
      policy,
      now,
      half,
    );
    expect(missed.intervalSeconds).toBeLessThan(3600);
  });

  it('backs off exponentially on failure and marks the feed unhealthy after N failures', () => {
    const failed = (consecutiveFailures: number) =>
      planNextPoll({ ...fresh, intervalSeconds: 300, consecutiveFailures }, { kind: 'failed' }, policy, now);
    expect(secondsUntil(failed(0).nextPollAt)).toBe(600);
    expect(secondsUntil(failed(1).nextPollAt)).toBe(1200);
    expect(failed(1).health).toBe('failing');
    expect(failed(2).health).toBe('unhealthy');
    expect(secondsUntil(failed(2).nextPollAt)).toBe(86_400);
    expect(failed(2).rhythm).toBeNull();
  });

  it('waits at least as long as Retry-After asks', () => {
    const plan = planNextPoll(
      { ...fresh, intervalSeconds: 300 },
      { kind: 'rate-limited', retryAfterMs: 7_200_000 },
      policy,
      now,
    );
    expect(secondsUntil(plan.nextPollAt)).toBe(7200);
  });
});
