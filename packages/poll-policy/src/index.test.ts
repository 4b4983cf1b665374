import { describe, expect, it } from 'vitest';
import { planNextPoll, publishingCadenceSeconds } from './index';

const policy = { minIntervalSeconds: 300, maxIntervalSeconds: 86_400, unhealthyAfter: 3 };
const now = new Date('2026-01-01T00:00:00Z');
const half = () => 0.5;
const secondsUntil = (date: Date) => (date.getTime() - now.getTime()) / 1000;

describe('planNextPoll', () => {
  it('follows the publishing cadence when new items arrive', () => {
    const hourly = [
      '2025-12-31T23:00:00Z',
      '2025-12-31T22:00:00Z',
      '2025-12-31T21:00:00Z',
      '2025-12-31T20:00:00Z',
    ];
    const plan = planNextPoll(
      { intervalSeconds: 7200, consecutiveFailures: 0 },
      { kind: 'fetched', newItems: 2, itemDates: hourly, hints: [] },
      policy,
      now,
      half,
    );
    expect(plan.intervalSeconds).toBe(1800);
    expect(plan.health).toBe('ok');
  });

  it('slows down when nothing is new and honours ttl / cache hints', () => {
    const quiet = planNextPoll(
      { intervalSeconds: 600, consecutiveFailures: 0 },
      { kind: 'not-modified', hints: [] },
      policy,
      now,
      half,
    );
    expect(quiet.intervalSeconds).toBe(900);
    const hinted = planNextPoll(
      { intervalSeconds: 600, consecutiveFailures: 0 },
      { kind: 'not-modified', hints: [null, 3600] },
      policy,
      now,
      half,
    );
    expect(hinted.intervalSeconds).toBe(3600);
  });

  it('stays within the configured bounds', () => {
    const plan = planNextPoll(
      { intervalSeconds: 80_000, consecutiveFailures: 0 },
      { kind: 'fetched', newItems: 0, itemDates: [], hints: [999_999] },
      policy,
      now,
      half,
    );
    expect(plan.intervalSeconds).toBe(86_400);
  });

  it('backs off exponentially on failure and marks the feed unhealthy after N failures', () => {
    const first = planNextPoll(
      { intervalSeconds: 300, consecutiveFailures: 0 },
      { kind: 'failed' },
      policy,
      now,
    );
    const second = planNextPoll(
      { intervalSeconds: 300, consecutiveFailures: 1 },
      { kind: 'failed' },
      policy,
      now,
    );
    expect(secondsUntil(first.nextPollAt)).toBe(600);
    expect(secondsUntil(second.nextPollAt)).toBe(1200);
    expect(second.health).toBe('failing');
    const third = planNextPoll(
      { intervalSeconds: 300, consecutiveFailures: 2 },
      { kind: 'failed' },
      policy,
      now,
    );
    expect(third.health).toBe('unhealthy');
    expect(secondsUntil(third.nextPollAt)).toBe(86_400);
  });

  it('waits at least as long as Retry-After asks', () => {
    const plan = planNextPoll(
      { intervalSeconds: 300, consecutiveFailures: 0 },
      { kind: 'rate-limited', retryAfterMs: 7_200_000 },
      policy,
      now,
    );
    expect(secondsUntil(plan.nextPollAt)).toBe(7200);
  });
});

describe('publishingCadenceSeconds', () => {
  it('needs three dates and ignores unparseable ones', () => {
    expect(publishingCadenceSeconds(['2026-01-01T00:00:00Z', 'nope'])).toBeNull();
    expect(
      publishingCadenceSeconds(['2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z', '2026-01-01T01:00:00Z']),
    ).toBe(3600);
  });
});
