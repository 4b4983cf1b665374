// Owns people and organisation extraction, without an NLP pass. One scan cuts the text into runs of
// capitalised words; a run names a person when news copy marks it as one (an honorific or office in
// it, a role noun, speech verb or apposition around it, a known given name) and no word in it belongs
// to an institution, group or place name. Offices and titles are dropped, and short mentions fold into
// the full name ("Kim Jong Un" ... "Kim"). Runs ending in an organisation head are the organisations.
import { isCountrySpelling } from './countries';
import { isFirstName } from './first-names';
import {
  CALENDAR_WORDS,
  FUNCTION_WORDS,
  GROUP_WORDS,
  HONORIFICS,
  INSTITUTION_WORDS,
  NAMING_TITLES,
  OFFICE_NOUNS,
  OFFICE_QUALIFIERS,
  ORGANISATION_HEADS,
  ORGANISATION_NOUNS,
  PLACE_AND_WORK_HEADS,
  ROLE_NOUNS,
  SPEECH_VERBS,
} from './name-lexicon';

export interface NamedEntities {
  people: { name: string }[];
  organizations: { name: string }[];
}

interface Word {
  /** As written, without a possessive ending; an initial or abbreviation keeps its dot ("J.", "Gen."). */
  text: string;
  start: number;
  /** Offset after the word, its possessive ending and any dot it keeps. */
  end: number;
  capitalised: boolean;
  possessive: boolean;
  /** First word of a sentence, paragraph or quotation, where capitals say nothing. */
  sentenceStart: boolean;
}

// "U.S." and "H.W." as one word; otherwise letters with inner hyphens and apostrophes ("al-Rashid", "O'Hara").
const WORD = /(?:\p{L}\.){2,}|\p{L}[\p{L}\p{M}\p{N}]*(?:[-'’]\p{L}[\p{L}\p{M}\p{N}]*)*/gu;
const POSSESSIVE = /['’]s$/;
// Abbreviations whose dot does not end a sentence: "Mr.", "Gen.", "Lt.", "Jr.", "Co.".
const DOTTED_ABBREVIATIONS = new Set(
  'Mr Mrs Ms Dr Sr Jr St Mt Ft Gen Lt Col Capt Maj Sgt Adm Cmdr Gov Sen Rep Atty Supt Insp Prof Rev Messrs Co Corp Inc Ltd No Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec'.split(
    ' ',
  ),
);
// Lower-case particles inside names: Charles de Gaulle, Osama bin Laden, Ruud van Nistelrooy.
const NAME_PARTICLES = new Set(
  'van von de del della der den di da du dos das la le bin ibn bint abu al el ben ter ten'.split(' '),
);
const PARTICLE_PREFIX = /^(?:al|el|ad|ash|as|at|az|bin|ibn|abu)-\p{Lu}/u;
const SENTENCE_END_BEFORE = /(?:^|[.!?:;]["'“”‘’)\]]*\s*|\n\s*|^\s*["'“‘([]\s*|[.!?:;]\s*["'“‘([]\s*)$/u;
const GENERATION = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;
const INITIAL = /^\p{Lu}\.$/u;
const ACRONYM = /^[\p{Lu}\p{N}]{2,}$/u;

/** Cuts the text into words with the facts the name rules need. */
function readWords(text: string): Word[] {
  const words: Word[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    let word = match[0];
    const start = match.index;
    let end = start + word.length;
    let possessive = false;
    if (POSSESSIVE.test(word) && word.length > 2) {
      word = word.slice(0, -2);
      possessive = true;
    } else if (/s$/.test(word) && /^['’](?!\p{L})/u.test(text.slice(end, end + 2))) {
      possessive = true;
      end++;
    } else if (/^['’] \p{Lu}/u.test(text.slice(end, end + 3))) {
      // A transliterated hamza or ayn ending a name word: "Sa' Nabil al-Rashid".
      word += "'";
      end++;
    }
    // A dot after an initial or a known abbreviation belongs to the word, and does not end a sentence.
    if (text[end] === '.' && !possessive && (/^\p{Lu}$/u.test(word) || DOTTED_ABBREVIATIONS.has(word))) {
      word += '.';
      end++;
    }
    const before = text.slice(Math.max(previousEnd, start - 12), start);
    const sentenceStart =
      words.length === 0 || text.slice(previousEnd, start).includes('\n') || SENTENCE_END_BEFORE.test(before);
    words.push({ text: word, start, end, capitalised: /^\p{Lu}/u.test(word), possessive, sentenceStart });
    previousEnd = end;
  }
  return words;
}

const bare = (word: string) => word.replace(/\.$/, '');
const isParticle = (word: Word) => NAME_PARTICLES.has(word.text);
const startsName = (word: Word) => word.capitalised || PARTICLE_PREFIX.test(word.text);

/** A run: consecutive capitalised words (particles inside) separated by single spaces. */
interface Run {
  from: number;
  to: number;
}

function readRuns(text: string, words: Word[]): Run[] {
  const runs: Run[] = [];
  let from = -1;
  const close = (to: number) => {
    let last = to;
    while (last > from && isParticle(words[last]!)) last--;
    if (from >= 0) runs.push({ from, to: last });
    from = -1;
  };
  words.forEach((word, index) => {
    const previous = words[index - 1];
    const joined =
      from >= 0 &&
      previous !== undefined &&
      !previous.possessive &&
      // "Thomas J. Bliley Jr. Reaching that ...": a name ends at its generation suffix.
      !/^[JS]r\.$/.test(previous.text) &&
      /^[ \u00a0]$/.test(text.slice(previous.end, word.start)) &&
      !word.sentenceStart;
    if (joined && (startsName(word) || (isParticle(word) && startsName(words[index + 1] ?? word)))) return;
    if (from >= 0) close(index - 1);
    if (startsName(word)) from = index;
  });
  if (from >= 0) close(words.length - 1);
  return runs;
}

type Cue = 'none' | 'weak' | 'strong';

interface Candidate {
  words: string[];
  start: number;
  /** Offset after the name's last word. */
  end: number;
  cue: Cue;
}

const isTitleWord = (word: string) =>
  HONORIFICS.has(word) || OFFICE_NOUNS.has(word) || NAMING_TITLES.has(word);
const LOCATIVES = new Set(['in', 'at', 'near', 'outside', 'inside']);

const isNameWord = (written: string) => {
  const word = bare(written);
  return (
    !FUNCTION_WORDS.has(word) &&
    !CALENDAR_WORDS.has(word) &&
    !INSTITUTION_WORDS.has(word) &&
    !GROUP_WORDS.has(word) &&
    !OFFICE_QUALIFIERS.has(word) &&
    !OFFICE_NOUNS.has(word) &&
    !HONORIFICS.has(word) &&
    !(ACRONYM.test(word) && !GENERATION.test(word)) &&
    !isCountrySpelling(word)
  );
};

// Compass points open place names ("West Bank", "North East"), but end surnames ("Anna North").
const COMPASS = new Set(['North', 'South', 'East', 'West']);

/** `titleSurname`: the last word is a title word used as a surname ("John Major"). */
function looksLikeName(words: string[], titleSurname: boolean): boolean {
  const core = words.filter((word) => !NAME_PARTICLES.has(word) && !GENERATION.test(word));
  if (core.length === 0 || core.length > 5 || core.every((word) => INITIAL.test(word))) return false;
  if (COMPASS.has(core[0]!)) return false;
  if (isCountrySpelling(words.join(' ')) || PLACE_AND_WORK_HEADS.has(bare(core.at(-1)!))) return false;
  return (titleSurname ? core.slice(0, -1) : core).every(isNameWord);
}

// Speech verbs, appositions naming a role or an age, and "who" mark the run before them as a person.
const ROLE_PATTERN = [...ROLE_NOUNS].join('|');
// In an apposition, any "-ist" noun is a person's role too ("a geologist", "a novelist").
const APPOSITION_ROLE = `${ROLE_PATTERN}|\\p{Ll}{3,}ist`;
const APPOSITION_AFTER = new RegExp(
  `^(?:,|\\s+(?:is|was)\\b)\\s+(?:\\d{1,3}\\s*[,.)]|(?:[^,.;:!?()"“”]{0,50}?\\s)?(?:${APPOSITION_ROLE})s?\\b)`,
  'u',
);
const APPOSITION_THEN_SPEECH = new RegExp(
  `^,\\s+[^,.;:!?"“”]{3,60},\\s+(?:${[...SPEECH_VERBS].join('|')})\\b`,
  'u',
);
const WHO_AFTER = /^,?\s+who\b/;
const ADVERB_BEFORE_VERB = new Set(['has', 'had', 'also', 'later', 'then', 'earlier', 'again', 'further']);
// "Harbour Bank equity strategist Ken Ito": a run followed by a role and a name is the employer.
const ROLE_THEN_NAME = new RegExp(`^(?:\\s+[\\p{Ll}-]+){0,2}?\\s+(?:${ROLE_PATTERN})\\s+\\p{Lu}`, 'u');

const roleOf = (word: string) => word.slice(word.lastIndexOf('-') + 1);

function cueAround(text: string, words: Word[], run: Run): Cue {
  const previous = words[run.from - 1];
  const first = words[run.from]!;
  // "another runner, Jane Okoro," and "his adviser, John Smith.": a role or nationality, then the name.
  if (
    previous &&
    run.to > run.from &&
    /^, $/.test(text.slice(previous.end, first.start)) &&
    (ROLE_NOUNS.has(previous.text.toLowerCase()) ||
      OFFICE_NOUNS.has(previous.text) ||
      isCountrySpelling(previous.text))
  )
    return 'weak';
  if (previous && /^[ \u00a0]$/.test(text.slice(previous.end, first.start))) {
    if (ROLE_NOUNS.has(previous.text) || ROLE_NOUNS.has(roleOf(previous.text))) return 'strong';
    if (SPEECH_VERBS.has(previous.text)) return 'weak';
    // "Kenya's Jane Okoro", "Britain's Tom Hale": a full name introduced by its country.
    if (previous.possessive && run.to > run.from && isCountrySpelling(previous.text)) return 'weak';
  }
  const last = words[run.to]!;
  const after = text.slice(last.end, last.end + 80);
  if (APPOSITION_AFTER.test(after) || APPOSITION_THEN_SPEECH.test(after) || WHO_AFTER.test(after))
    return 'weak';
  // "Jane Okoro of Kenya": a full name followed by its country.
  const ofPlace = /^ of (\p{Lu}[\p{L}.]*(?: \p{Lu}[\p{L}.]*)?)/u.exec(after);
  if (ofPlace && run.to > run.from && isCountrySpelling(bare(ofPlace[1]!))) return 'weak';
  const next = words[run.to + 1];
  if (next && /^[ \u00a0]$/.test(text.slice(last.end, next.start)) && !last.possessive) {
    const verb = ADVERB_BEFORE_VERB.has(next.text) ? words[run.to + 2] : next;
    if (verb && SPEECH_VERBS.has(verb.text)) return 'weak';
  }
  return 'none';
}

// "Secretary of State Ana Ruiz", "Chancellor of the Exchequer Tom Hale": the office goes on after "of".
const OFFICE_OF_BEFORE = new RegExp(`\\b(?:${[...OFFICE_NOUNS].join('|')}) of (?:the )?$`, 'u');

/** The article as the name rules see it. */
interface Page {
  text: string;
  words: Word[];
  /** Words written in lower case somewhere in the article: there they are common words, not names. */
  lowercase: Set<string>;
}

// A given name the article does not also use as a common word ("Mark Odell", but not "Red Cross").
const isGivenName = (page: Page, word: string) =>
  isFirstName(word) && !page.lowercase.has(word.toLowerCase());

/** The person a run names, if it names one: offices, honorifics and leading qualifiers dropped, cues noted. */
function candidateFrom(page: Page, run: Run): Candidate | null {
  const { text, words } = page;
  let nameFrom = run.from;
  let cue: Cue = 'none';
  let title: string | null = null;
  let byOffice = false;
  // "John Major", "Carole King": a title word after a given name is a surname.
  const titleSurname =
    run.to > run.from && isTitleWord(bare(words[run.to]!.text)) && isGivenName(page, words[run.to - 1]!.text);
  for (let index = run.from; index <= (titleSurname ? run.to - 1 : run.to); index++) {
    const word = bare(words[index]!.text);
    const sentenceRole =
      index === run.from && words[index]!.sentenceStart && ROLE_NOUNS.has(word.toLowerCase());
    if (isTitleWord(word) || sentenceRole) {
      nameFrom = index + 1;
      cue = 'strong';
      title = NAMING_TITLES.has(word) ? word : null;
      byOffice = OFFICE_NOUNS.has(word);
    }
  }
  // Words before the name that cannot be part of it: "But", "Briton", "State" (of "Secretary of State").
  const leading = nameFrom;
  while (nameFrom < run.to && !isNameWord(words[nameFrom]!.text)) nameFrom++;
  const runStart = words[run.from]!.start;
  if (
    nameFrom > leading &&
    cue === 'none' &&
    OFFICE_OF_BEFORE.test(text.slice(Math.max(0, runStart - 40), runStart))
  )
    cue = 'strong';
  // "Substitute Mark Odell", "ambassador to Nairobi Ana Ruiz": a word glued before a given name.
  if (
    run.to - nameFrom >= 2 &&
    !isGivenName(page, words[nameFrom]!.text) &&
    isGivenName(page, words[nameFrom + 1]!.text)
  )
    nameFrom++;
  const nameWords = words.slice(nameFrom, run.to + 1).map((word) => word.text.replace(/’/g, "'"));
  if (!looksLikeName(nameWords, titleSurname)) return null;
  // "General Election", "Chief Justice": an office word before a word the article also writes in lower
  // case is an adjective before a common noun.
  if (nameWords.length === 1 && byOffice && page.lowercase.has(nameWords[0]!.toLowerCase())) return null;
  const last = words[run.to]!;
  if (ROLE_THEN_NAME.test(text.slice(last.end, last.end + 60))) return null;
  const first = words[nameFrom]!;
  // A quoted run is a nickname, slogan or title ("Honest Abe", "Desert Fox"), not how a person is named.
  if (/["“‘']\s*$/.test(text.slice(first.start - 2, first.start)) && /^['’"”]/.test(text.slice(last.end)))
    return null;
  const previous = words[nameFrom - 1];
  if (
    previous &&
    ORGANISATION_NOUNS.has(previous.text) &&
    /^\s+$/.test(text.slice(previous.end, first.start))
  )
    return null;
  // "Lord Penrose", "Princess Anna": a naming title with one name word is how the person is called.
  const shown = title && nameWords.length === 1 ? [title, ...nameWords] : nameWords;
  if (cue === 'none') cue = cueAround(text, words, { from: nameFrom, to: run.to });
  // A given name alone does not make a person of a place: "the base at Bandar Abbas".
  const before = words[run.from - 1];
  const afterLocative =
    before !== undefined &&
    LOCATIVES.has(before.text) &&
    /^ $/.test(text.slice(before.end, words[run.from]!.start));
  if (cue === 'none' && nameWords.length > 1 && isGivenName(page, nameWords[0]!) && !afterLocative)
    cue = 'weak';
  return { words: shown, start: first.start, end: last.end, cue };
}

const LIST_SEPARATOR = /^(?:, | and |, and )$/;
const isFullName = (candidate: Candidate) => withoutTitle(candidate.words).length > 1;

/**
 * "Andy Garcia, Lucy Liu and Jay Leno", "actors Kevin Spacey, Halle Berry and George Clooney": a full
 * name listed right beside a person's full name is a person too.
 */
function markListedNames(text: string, candidates: Candidate[]): void {
  const listed = (a: Candidate, b: Candidate) => LIST_SEPARATOR.test(text.slice(a.end, b.start));
  const spread = (from: Candidate, to: Candidate) => {
    if (to.cue === 'none' && from.cue !== 'none' && isFullName(from) && isFullName(to)) to.cue = 'weak';
  };
  for (let index = 1; index < candidates.length; index++) {
    if (listed(candidates[index - 1]!, candidates[index]!))
      spread(candidates[index - 1]!, candidates[index]!);
  }
  for (let index = candidates.length - 2; index >= 0; index--) {
    if (listed(candidates[index]!, candidates[index + 1]!))
      spread(candidates[index + 1]!, candidates[index]!);
  }
}

const withoutTitle = (words: string[]) => (NAMING_TITLES.has(words[0]!) ? words.slice(1) : words);
const keyOf = (words: string[]) => withoutTitle(words).join(' ').toLowerCase();
const stripGeneration = (words: string[]) =>
  words.length > 2 && GENERATION.test(words.at(-1)!) ? words.slice(0, -1) : words;

/** True when `short` is the first or last words of `full` ("Kim" of "Kim Jong Un", "Putin" of "Vladimir Putin"). */
function isShortFormOf(short: string[], full: string[]): boolean {
  const a = stripGeneration(withoutTitle(short)).map((word) => word.toLowerCase());
  const b = stripGeneration(withoutTitle(full)).map((word) => word.toLowerCase());
  if (a.length >= b.length) return false;
  return (
    a.every((word, index) => b[index] === word) ||
    a.every((word, index) => b[b.length - a.length + index] === word)
  );
}

/**
 * A full name is a person when something marks it as one (an office, a role, a speech verb, an
 * apposition, a given name); a single word only when an honorific, office or role announces it
 * ("Mr Varga", "President Okafor"). Short forms fold into the full name they belong to.
 */
function choosePeople(text: string, candidates: Candidate[]): string[] {
  markListedNames(text, candidates);
  const accepted = candidates.filter((candidate) =>
    withoutTitle(candidate.words).length > 1 ? candidate.cue !== 'none' : candidate.cue === 'strong',
  );
  // One entry per distinct name, at its first mention.
  const firstMention = new Map<string, { words: string[]; start: number }>();
  for (const candidate of accepted) {
    const key = keyOf(candidate.words);
    if (!firstMention.has(key)) firstMention.set(key, { words: candidate.words, start: candidate.start });
  }
  // Names indexed by first and last word, so finding the full names a short form belongs to stays linear.
  const names = [...firstMention.values()];
  const byEnd = new Map<string, { words: string[]; start: number }[]>();
  for (const name of names) {
    const core = stripGeneration(withoutTitle(name.words)).map((word) => word.toLowerCase());
    for (const key of new Set([`<${core[0]}`, `>${core.at(-1)}`]))
      byEnd.set(key, [...(byEnd.get(key) ?? []), name]);
  }
  const fullNamesOf = (words: string[]) => {
    const core = stripGeneration(withoutTitle(words)).map((word) => word.toLowerCase());
    const candidates = [...(byEnd.get(`<${core[0]}`) ?? []), ...(byEnd.get(`>${core.at(-1)}`) ?? [])];
    return candidates.filter((full) => isShortFormOf(words, full.words));
  };
  const people = names.filter((name) => fullNamesOf(name.words).length === 0);
  // "Kim" before "Kim Jong Un": the full name takes the place of its earliest short form.
  for (const candidate of candidates) {
    for (const full of fullNamesOf(candidate.words)) {
      if (candidate.start < full.start) full.start = candidate.start;
    }
  }
  return people.sort((a, b) => a.start - b.start).map((person) => person.words.join(' '));
}

const ORGANISATION_LINK = /^ (?:of|for|on) (?:the )?$/;

/** Organisation names: runs (before any office in them) that end in an organisation head, "of ..." included. */
function findOrganisations(text: string, words: Word[], runs: Run[]): string[] {
  const names: string[] = [];
  runs.forEach((run, index) => {
    let from = run.from;
    while (from <= run.to && FUNCTION_WORDS.has(words[from]!.text)) from++;
    let to = run.to;
    // "World Bank President Ana Ruiz": the organisation is what comes before the office.
    if (!ORGANISATION_HEADS.has(bare(words[run.to]!.text))) {
      let office = from;
      while (office <= run.to && !OFFICE_NOUNS.has(bare(words[office]!.text))) office++;
      if (office > run.to) return;
      to = office - 1;
      while (to >= from && OFFICE_QUALIFIERS.has(words[to]!.text)) to--;
    }
    if (to < from) return;
    let end = words[to]!.end;
    if (!ORGANISATION_HEADS.has(bare(words[to]!.text))) return;
    // "Bank of England", "Organisation for Economic Cooperation": the name goes on after "of" or "for".
    const next = runs[index + 1];
    if (to === run.to && next && ORGANISATION_LINK.test(text.slice(words[to]!.end, words[next.from]!.start)))
      end = words[next.to]!.end;
    const name = text
      .slice(words[from]!.start, end)
      .replace(/['’]s$/, '')
      .replace(/\.$/, '');
    if (!isCountrySpelling(name)) names.push(name);
  });
  return names;
}

/** People and organisations named in an article, in order of first mention. */
export function findPeopleAndOrganizations(title: string, text: string, readTitle: boolean): NamedEntities {
  const source = readTitle && title !== '' ? `${title}.\n\n${text}` : text;
  const words = readWords(source);
  const runs = readRuns(source, words);
  const lowercase = new Set(words.filter((word) => !word.capitalised).map((word) => word.text));
  const page: Page = { text: source, words, lowercase };
  const candidates = runs.flatMap((run) => {
    const candidate = candidateFrom(page, run);
    return candidate ? [candidate] : [];
  });
  const people = choosePeople(source, candidates);
  const peopleKeys = new Set(people.map((name) => name.toLowerCase()));
  const organizations: string[] = [];
  const seen = new Set<string>();
  for (const name of findOrganisations(source, words, runs)) {
    const key = name.toLowerCase();
    if (seen.has(key) || peopleKeys.has(key)) continue;
    seen.add(key);
    organizations.push(name);
  }
  return { people: people.map((name) => ({ name })), organizations: organizations.map((name) => ({ name })) };
}
