// Owns the learned-polling benchmark: simulated feeds of the common publishing patterns replayed on a
// simulated clock (a week after three days of learning), learned polling against fixed 5-minute polling
// measured in the same run: mean delay from publication to the poll that sees an item, polls per day,
// and items that rolled off the window unseen. Run with the default bounds and with a 60 s floor.
import { planNextPoll } from '@newsq/poll-policy';
import {
  dailyTimes,
  fixedPlanner,
  type Planner,
  poissonTimes,
  type SimulatedFeed,
  seededRandom,
  simulatePolling,
} from '@newsq/poll-policy/testing';

interface BenchContext {
  log: (line: string) => void;
}

const DAY_MS = 86_400_000;
const start = Date.parse('2026-03-02T00:00:00Z');
const span = { start, measureFrom: start + 3 * DAY_MS, end: start + 10 * DAY_MS };

function feeds(): SimulatedFeed[] {
  return [
    { name: '20 items/hour', window: 30, publishedAt: poissonTimes(() => 20, span, seededRandom(1)) },
    { name: 'twice a day', window: 10, publishedAt: dailyTimes([8, 18], 20, span, seededRandom(2)) },
    {
      name: 'office hours 4/h',
      window: 20,
      publishedAt: poissonTimes((hour) => (hour >= 7 && hour < 19 ? 4 : 0.05), span, seededRandom(3)),
    },
    { name: 'wire 120/hour', window: 15, publishedAt: poissonTimes(() => 120, span, seededRandom(4)) },
    { name: 'every 6 hours', window: 10, publishedAt: poissonTimes(() => 1 / 6, span, seededRandom(5)) },
  ];
}

const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

export async function run({ log }: BenchContext): Promise<void> {
  for (const minIntervalSeconds of [300, 60]) {
    const random = seededRandom(7);
    const policy = {
      minIntervalSeconds,
      maxIntervalSeconds: 86_400,
      unhealthyAfter: 5,
      pushedIntervalSeconds: 21_600,
    };
    const learned: Planner = (state, outcome, now) => planNextPoll(state, outcome, policy, now, random);
    log(
      `FEED_POLL_MIN_INTERVAL_S=${minIntervalSeconds}, FEED_POLL_MAX_INTERVAL_S=86400; baseline: every 5 minutes`,
    );
    log(
      `${'feed'.padEnd(18)} ${'items'.padStart(6)}  ${'mean delay'.padStart(22)}  ${'polls/day'.padStart(20)}  ${'missed'.padStart(9)}`,
    );
    for (const feed of feeds()) {
      const ours = simulatePolling(feed, learned, span);
      const fixed = simulatePolling(feed, fixedPlanner(300), span);
      log(
        `${feed.name.padEnd(18)} ${String(ours.items).padStart(6)}  ${`${minutes(ours.meanDelaySeconds)} vs ${minutes(fixed.meanDelaySeconds)}`.padStart(22)}  ${`${ours.pollsPerDay.toFixed(0)} vs ${fixed.pollsPerDay.toFixed(0)} (${(ours.pollsPerDay / fixed.pollsPerDay).toFixed(2)}x)`.padStart(20)}  ${`${ours.missed} vs ${fixed.missed}`.padStart(9)}`,
      );
    }
    log('');
  }
}
