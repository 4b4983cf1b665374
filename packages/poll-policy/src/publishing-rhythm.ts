// Owns a feed's learned publishing rhythm: decayed counts of the items it published in each UTC hour
// of the day, against the hours it was watched in each, so both its rate and its time-of-day pattern
// come from what it actually published; and the poll interval that rhythm calls for.

const HOUR_MS = 3_600_000;
/** Observations weigh half as much every week: a feed's rhythm may change, slowly. */
const HALF_LIFE_HOURS = 7 * 24;
/** Items dated further back than this say nothing about the feed's current rhythm. */
const MAX_AGE_MS = 4 * HALF_LIFE_HOURS * HOUR_MS;
/** A date this far in the future at most is clock skew (read as now); further, the date is wrong. */
const CLOCK_SKEW_MS = HOUR_MS;
/** Weight, in watched hours, pulling each hour of the day towards the feed's mean rate while it is little watched. */
const PRIOR_HOURS = 2;
/** Below this much watching, there is no rhythm to speak of yet. */
const MIN_WATCHED_HOURS = 1;

export interface PublishingRhythm {
  /** Decayed count of items published in each UTC hour of the day (24 values). */
  items: number[];
  /** Decayed hours the feed was watched in each UTC hour of the day (24 values). */
  hours: number[];
  /** Up to when the feed was watched (the last successful poll), ISO 8601. */
  observedUntil: string;
  /** Items the feed document held at the last fetch: how many may arrive between polls before some roll off. */
  window: number;
}

export interface RhythmObservation {
  at: Date;
  /** Items in the document now; absent when the document did not change (304). */
  itemCount?: number;
  /** Publication dates (ISO 8601, or null when undated) of the items new since the last poll. */
  newItemDates: readonly (string | null)[];
}

const hourOfDay = (time: number) => Math.floor(time / HOUR_MS) % 24;

/** The rhythm brought up to `observation.at`: older counts decay, the watched time and the new items add up. */
export function observeRhythm(
  previous: PublishingRhythm | null,
  observation: RhythmObservation,
): PublishingRhythm {
  const now = observation.at.getTime();
  const weight = (time: number) => 0.5 ** ((now - time) / HOUR_MS / HALF_LIFE_HOURS);
  const dated = observation.newItemDates.map((date) => {
    const time = date === null ? Number.NaN : Date.parse(date);
    return Number.isFinite(time) && time <= now + CLOCK_SKEW_MS && time >= now - MAX_AGE_MS
      ? Math.min(time, now)
      : null;
  });
  let items: number[];
  let hours: number[];
  let watchedFrom: number;
  let counted: number[];
  if (previous === null) {
    // First sight: the document holds every item published since its oldest one, so that stretch is
    // watched time already. The oldest item only marks its start; undated items tell nothing of when.
    const times = dated.filter((time): time is number => time !== null).sort((a, b) => a - b);
    items = new Array(24).fill(0);
    hours = new Array(24).fill(0);
    watchedFrom = times.length > 0 ? times[0]! : now;
    counted = times.slice(1);
  } else {
    const since = Date.parse(previous.observedUntil);
    const decay = weight(since);
    items = previous.items.map((count) => count * decay);
    hours = previous.hours.map((watched) => watched * decay);
    watchedFrom = Math.max(since, now - MAX_AGE_MS);
    // An undated new item appeared some time since the last look: the middle is the best guess.
    counted = dated.map((time) => time ?? (watchedFrom + now) / 2);
  }
  for (const time of counted) items[hourOfDay(time)]! += weight(time);
  for (let time = watchedFrom; time < now; ) {
    const next = Math.min(now, (Math.floor(time / HOUR_MS) + 1) * HOUR_MS);
    hours[hourOfDay(time)]! += ((next - time) / HOUR_MS) * weight((time + next) / 2);
    time = next;
  }
  return {
    items,
    hours,
    observedUntil: observation.at.toISOString(),
    window: observation.itemCount ?? previous?.window ?? 0,
  };
}

/** Expected items per hour in each UTC hour of the day, or null while the feed has been watched too little. */
export function hourlyRates(rhythm: PublishingRhythm): number[] | null {
  const watched = rhythm.hours.reduce((sum, value) => sum + value, 0);
  if (watched < MIN_WATCHED_HOURS) return null;
  const mean = rhythm.items.reduce((sum, value) => sum + value, 0) / watched;
  return rhythm.items.map(
    (count, hour) => (count + PRIOR_HOURS * mean) / (rhythm.hours[hour]! + PRIOR_HOURS),
  );
}

/** Expected items per day at the learned rates, or null while there are none. */
export function itemsPerDay(rhythm: PublishingRhythm): number | null {
  const rates = hourlyRates(rhythm);
  return rates === null ? null : rates.reduce((sum, rate) => sum + rate, 0);
}

/**
 * Seconds from `from` to the next poll the rhythm calls for, or null without a rhythm yet.
 *
 * A poll every T seconds on items arriving at rate λ costs 1/T polls a second and delays each item by T/2
 * on average; counting one poll as worth `pollWorthSeconds` of item delay, the cost is least at
 * T = sqrt(2·pollWorth/λ). With a rate that varies over the day, polls are spread at that density,
 * sqrt(λ(t) / 2·pollWorth), and the next one falls where the density adds up to one: dense around the
 * hours the feed publishes, sparse in between. The interval also ends before half the feed's window is
 * expected to arrive, so a burst does not push items out of the document unseen.
 */
export function learnedIntervalSeconds(
  rhythm: PublishingRhythm,
  from: Date,
  options: { pollWorthSeconds: number; maxSeconds: number },
): number | null {
  const rates = hourlyRates(rhythm);
  if (rates === null) return null;
  const itemBudget = rhythm.window > 0 ? rhythm.window / 2 : Number.POSITIVE_INFINITY;
  let polls = 0;
  let items = 0;
  let elapsed = 0;
  let time = from.getTime();
  while (elapsed < options.maxSeconds) {
    const slice = Math.min(
      ((Math.floor(time / HOUR_MS) + 1) * HOUR_MS - time) / 1000,
      options.maxSeconds - elapsed,
    );
    const perSecond = rates[hourOfDay(time)]! / 3600;
    const density = Math.sqrt(perSecond / (2 * options.pollWorthSeconds));
    const untilPoll = density > 0 ? (1 - polls) / density : Number.POSITIVE_INFINITY;
    const untilFull = perSecond > 0 ? (itemBudget - items) / perSecond : Number.POSITIVE_INFINITY;
    const until = Math.min(untilPoll, untilFull);
    if (until <= slice) return elapsed + until;
    polls += density * slice;
    items += perSecond * slice;
    elapsed += slice;
    time += slice * 1000;
  }
  return options.maxSeconds;
}
