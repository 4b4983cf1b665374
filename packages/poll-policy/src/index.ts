// Public surface of @newsq/poll-policy: when a feed is polled next, from its learned publishing rhythm.
export {
  type FeedHealth,
  type PollOutcome,
  type PollPlan,
  type PollPolicy,
  type PollState,
  planNextPoll,
} from './plan-next-poll';
export { itemsPerDay, type PublishingRhythm } from './publishing-rhythm';
