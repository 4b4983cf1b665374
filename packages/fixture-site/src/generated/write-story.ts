// Owns writing one news story from a seed: a kind of story, a cast (people with roles, countries, a
// city, organisations), then a lead, quotes, background, figures, reactions and an outlook built from
// phrase-level choices with fresh names and figures in every sentence, mixed with sentences of the
// team-written fixture articles. Choices are fine-grained so no two stories share long runs of words.
import { en, Faker } from '@faker-js/faker';
import { FIXTURE_ARTICLES } from '../content/articles';
import { INSTITUTIONS, ROLES, SECTORS, STORY_KINDS, type StoryKind, THINK_TANKS } from './story-kinds';

export interface Story {
  kind: string;
  section: string;
  title: string;
  author: string;
  /** The first sentence of the lead, as a feed summary and meta description. */
  summary: string;
  paragraphs: string[];
  words: number;
}

interface Person {
  name: string;
  surname: string;
  role: string;
}

interface Cast {
  kind: StoryKind;
  people: Person[];
  countryA: string;
  countryB: string;
  countryC: string;
  city: string;
  org: string;
  company: string;
  sector: string;
  thinkTank: string;
}

const MIN_WORDS = 300;
const MAX_WORDS = 1500;

const faker = new Faker({ locale: [en] });
const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
const chance = (probability: number): boolean => faker.number.float() < probability;

function money(): string {
  const unit = pick(['million', 'million', 'billion']);
  const amount =
    unit === 'billion' ? faker.number.float({ min: 1, max: 40, fractionDigits: 1 }) : faker.number.int(900);
  return `${pick(['$', '€', '£'])}${amount} ${unit}`;
}

/** Fills {slots}: cast members by name, figures fresh at every occurrence. */
function fill(text: string, cast: Cast): string {
  return text.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'countryA':
        return cast.countryA;
      case 'countryB':
        return cast.countryB;
      case 'countryC':
        return cast.countryC;
      case 'city':
        return cast.city;
      case 'org':
        return cast.org;
      case 'company':
        return cast.company;
      case 'sector':
        return cast.sector;
      case 'money':
        return money();
      case 'percent':
        return String(faker.number.float({ min: 2, max: 68, fractionDigits: 1 }));
      case 'count':
        return faker.number.int({ min: 3, max: 4800 }).toLocaleString('en-GB');
      case 'months':
        return String(faker.number.int({ min: 2, max: 30 }));
      case 'weeks':
        return String(faker.number.int({ min: 2, max: 14 }));
      case 'years':
        return String(faker.number.int({ min: 2, max: 25 }));
      case 'year':
        return String(faker.number.int({ min: 2026, max: 2040 }));
      case 'age':
        return String(faker.number.int({ min: 12, max: 75 }));
      case 'month':
        return faker.date.month();
      case 'score':
        return `${faker.number.int(5)}-${faker.number.int(3)}`;
      case 'ordinal':
        return `${faker.number.int({ min: 4, max: 80 })}th`;
      default:
        throw new Error(`fixture-site: unknown story slot {${slot}}`);
    }
  });
}

function castFor(kind: StoryKind): Cast {
  const people = faker.helpers.multiple(
    () => {
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      return { name: `${first} ${last}`, surname: last, role: pick(ROLES) };
    },
    { count: { min: 3, max: 6 } },
  );
  const [countryA, countryB, countryC] = faker.helpers.arrayElements(
    Array.from({ length: 12 }, () => faker.location.country()),
    3,
  );
  return {
    kind,
    people,
    countryA: countryA!,
    countryB: countryB!,
    countryC: countryC!,
    city: faker.location.city(),
    org: pick(INSTITUTIONS),
    company: faker.company.name(),
    sector: pick(SECTORS),
    thinkTank: `the ${faker.location.city()} ${pick(THINK_TANKS)}`,
  };
}

const WHEN = [
  'on Monday',
  'on Tuesday',
  'on Wednesday',
  'on Thursday',
  'on Friday',
  'at the weekend',
  'late on Sunday',
  'earlier this week',
  'in a statement',
  'at a news conference',
  'in an interview',
  'in a televised address',
];
const SAID = ['said', 'told reporters', 'said in a statement', 'wrote on social media', 'told lawmakers'];

function someone(cast: Cast): Person {
  return pick(cast.people);
}

/** "Maria Lopez, the finance minister," on first mention style, or just the surname. */
function named(person: Person, full = chance(0.5)): string {
  return full ? `${person.name}, ${person.role},` : person.surname;
}

function subject(cast: Cast): string {
  return fill(pick(cast.kind.subjects), cast);
}

/** Who acted, to open a sentence, or lower-cased to follow other words. */
function actor(cast: Cast, opening = true): string {
  const who = pick([
    `the government of ${cast.countryA}`,
    `officials in ${cast.countryA}`,
    `${cast.countryA}`,
    `the authorities in ${cast.city}`,
    cast.org,
    cast.company,
  ]);
  return opening ? capitalise(who) : who;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function leadSentence(cast: Cast): string {
  const event = fill(pick(cast.kind.events), cast);
  return pick([
    `${actor(cast)} ${event} ${pick(WHEN)}, ${pick(['a move that', 'a step that', 'a decision that'])} ${pick(['could reshape', 'puts pressure on', 'raises questions about', 'is likely to affect'])} ${fill(pick(cast.kind.stakes), cast)}.`,
    `${actor(cast)} ${event}, ${pick(['officials', 'people familiar with the matter', 'two sources', 'state media'])} said ${pick(WHEN)}.`,
    `${capitalise(pick(WHEN))}, ${actor(cast, false)} ${event}.`,
  ]);
}

function quoteSentence(cast: Cast): string {
  const person = someone(cast);
  const claim = fill(pick(cast.kind.claims), cast);
  return pick([
    `“${capitalise(claim)},” ${named(person)} ${pick(SAID)} ${pick(WHEN)}.`,
    `“${capitalise(claim)}. ${capitalise(fill(pick(cast.kind.claims), cast))},” said ${person.name}, ${person.role}.`,
    `${named(person, true)} ${pick(SAID)} that ${claim}.`,
    `“We ${pick(['have made it clear', 'have always said', 'will keep saying', 'told our partners'])} that ${claim},” ${person.surname} ${pick(['added', 'said', 'insisted'])}.`,
    `Asked about ${subject(cast)}, ${person.surname} ${pick(['replied', 'said', 'answered'])}: “${capitalise(claim)}.”`,
  ]);
}

function backgroundSentence(cast: Cast): string {
  return pick([
    `${capitalise(subject(cast))} has been ${pick(['under discussion', 'on the table', 'a source of friction', 'debated'])} since ${faker.number.int({ min: 2009, max: 2025 })}, when ${actor(cast, false)} ${fill(pick(cast.kind.events), cast)}.`,
    `${cast.countryA} and ${cast.countryB} have ${pick(['long disagreed about', 'clashed repeatedly over', 'tried several times to settle', 'rarely cooperated on'])} ${subject(cast)}.`,
    `Earlier this year ${actor(cast, false)} ${fill(pick(cast.kind.events), cast)}.`,
    `The issue ${pick(['came to a head', 'first surfaced', 'returned to the agenda'])} in ${faker.date.month()}, after ${fill(pick(cast.kind.stakes), cast)} ${pick(['became a campaign issue', 'were hit hard', 'drew public attention'])}.`,
    `${capitalise(cast.org)} ${pick(['has argued', 'has maintained', 'said last year'])} that ${fill(pick(cast.kind.claims), cast)}.`,
  ]);
}

function figuresSentence(cast: Cast): string {
  return pick([
    fill(
      `According to ${pick(['figures from', 'data published by', 'estimates by'])} ${cast.org}, ${fill(pick(cast.kind.stakes), cast)} ${pick(['account for', 'represent', 'are worth'])} {money} a year, or {percent} per cent of the total.`,
      cast,
    ),
    fill(
      `The number ${pick(['rose', 'fell', 'climbed', 'dropped'])} by {percent} per cent in the first {months} months of the year, to {count}.`,
      cast,
    ),
    fill(
      `${cast.company} ${pick(['estimates', 'says', 'calculated'])} that the cost could reach {money} by {year}.`,
      cast,
    ),
    fill(
      `Some {count} people ${pick(['work in', 'depend on', 'are employed in'])} the ${cast.sector} industry in ${cast.countryA}, which ${pick(['exported', 'produced', 'sold'])} goods worth {money} last year.`,
      cast,
    ),
    fill(
      `A poll published ${pick(WHEN)} found that {percent} per cent of respondents ${pick(['supported', 'opposed', 'had not heard of'])} ${subject(cast)}.`,
      cast,
    ),
  ]);
}

function reactionSentence(cast: Cast): string {
  const person = someone(cast);
  return pick([
    `In ${cast.countryB}, ${named(person, true)} ${pick(['criticised', 'welcomed', 'dismissed', 'questioned'])} the decision ${pick(WHEN)}.`,
    `${cast.thinkTank.replace(/^the /, 'The ')} ${pick(['called the move', 'described it as', 'said it was'])} ${pick(['overdue', 'a gamble', 'a symbolic gesture', 'a significant shift', 'premature'])}.`,
    `Opposition lawmakers ${pick(['demanded', 'called for', 'asked for'])} ${pick(['a full debate', 'an inquiry', 'the publication of the documents', 'a vote in parliament'])} on ${subject(cast)}.`,
    `${person.name}, ${pick(['an analyst at', 'a senior fellow at', 'the director of'])} ${cast.thinkTank}, said ${fill(pick(cast.kind.stakes), cast)} would ${pick(['feel the effects first', 'bear most of the cost', 'benefit the most', 'be watching closely'])}.`,
    `Trade unions and business groups in ${cast.city} ${pick(['gave a cautious welcome', 'reacted with anger', 'were divided in their reaction'])} to ${subject(cast)}.`,
  ]);
}

function outlookSentence(cast: Cast): string {
  return pick([
    `${capitalise(subject(cast))} is expected to ${pick(['come before parliament', 'be reviewed', 'take effect', 'be discussed again'])} in ${faker.date.month()}.`,
    `${actor(cast)} said further ${pick(['announcements', 'talks', 'measures', 'details'])} would follow ${pick(['in the coming weeks', 'before the end of the year', 'after the summer', 'once the review is complete'])}.`,
    `It was not immediately clear ${pick(['how', 'when', 'whether'])} ${actor(cast, false)} would ${pick(['respond', 'follow through', 'change course', 'pay for it'])}.`,
    `${someone(cast).name} is due to ${pick(['visit', 'travel to', 'host a delegation from'])} ${cast.countryB} ${pick(['next month', 'in the spring', 'later this year'])}.`,
  ]);
}

/** Sentences of the team-written fixture articles: real sentence structure, other names and figures. */
const FIXTURE_SENTENCES: readonly string[] = FIXTURE_ARTICLES.filter(
  (article) => !article.seed && article.syndicationOf === null,
)
  .flatMap((article) => article.paragraphs)
  .flatMap((paragraph) => paragraph.match(/[^.!?]+[.!?]+(?:[’”'"])?/g) ?? [])
  .map((sentence) => sentence.trim())
  .filter((sentence) => sentence.split(/\s+/).length >= 8);

type SentenceWriter = (cast: Cast) => string;
const PARAGRAPHS: ReadonlyArray<{ weight: number; sentences: [number, number]; write: SentenceWriter }> = [
  { weight: 4, sentences: [1, 3], write: quoteSentence },
  { weight: 3, sentences: [2, 4], write: backgroundSentence },
  { weight: 3, sentences: [2, 3], write: figuresSentence },
  { weight: 3, sentences: [1, 3], write: reactionSentence },
  { weight: 1, sentences: [2, 3], write: () => pick(FIXTURE_SENTENCES) },
];

/** A sentence the story has not used yet (a few tries, then whatever comes). */
function freshSentence(write: SentenceWriter, cast: Cast, used: Set<string>): string {
  let sentence = write(cast);
  for (let attempt = 0; attempt < 4 && used.has(sentence); attempt++) sentence = write(cast);
  used.add(sentence);
  return sentence;
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Story number `index` of the generator seeded with `seed`: the same pair always writes the same story. */
export function writeStory(seed: number, index: number): Story {
  faker.seed([seed, index]);
  const kind = pick(STORY_KINDS);
  const cast = castFor(kind);
  // Lengths spread over 300 to 1,500 words, most stories between 450 and 900.
  const target = Math.round(
    Math.min(MAX_WORDS - 120, Math.max(MIN_WORDS, Math.exp(faker.number.float({ min: 5.9, max: 7.1 })))),
  );
  const lead = `${leadSentence(cast)} ${chance(0.6) ? backgroundSentence(cast) : figuresSentence(cast)}`;
  const paragraphs = [lead];
  const used = new Set<string>();
  let words = countWords(lead);
  while (words < target) {
    const shape = faker.helpers.weightedArrayElement(
      PARAGRAPHS.map((paragraph) => ({ weight: paragraph.weight, value: paragraph })),
    );
    const count = faker.number.int({ min: shape.sentences[0], max: shape.sentences[1] });
    const paragraph = Array.from({ length: count }, () => freshSentence(shape.write, cast, used)).join(' ');
    paragraphs.push(paragraph);
    words += countWords(paragraph);
  }
  paragraphs.push(outlookSentence(cast));
  words += countWords(paragraphs[paragraphs.length - 1]!);
  const summary = lead.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? lead;
  return {
    kind: kind.id,
    section: kind.section,
    title: fill(pick(kind.headlines), cast),
    author: `${faker.person.firstName()} ${faker.person.lastName()}`,
    summary,
    paragraphs,
    words,
  };
}
