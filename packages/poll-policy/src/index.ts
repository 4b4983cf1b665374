// Public surface of @newsq/poll-policy: when a feed is polled next, from its learned publishing rhythm.
export {
  type FeedHealth,
  POLL_WORTH_SECONDS,
  type PollOutcome,
  type PollPlan,
  type PollPolicy,
  type PollState,
  planNextPoll,
} from './plan-next-poll';
export {
  hourlyRates,
  itemsPerDay,
  learnedIntervalSeconds,
  observeRhythm,
  type PublishingRhythm,
  type RhythmObservation,
} from './publishing-rhythm';
