// Owns people and organisation extraction. compromise proposes names (its person
// lexicon, plus runs of proper nouns introduced by an office or followed by
// "said"); this module cleans them (titles, possessives, places, fragments) and
// merges later short mentions into the full name ("Kim Jong Un" ... "Kim").
import nlp from 'compromise/two';
import { isCountrySpelling } from './countries';

export interface NamedEntities {
  people: { name: string }[];
  organizations: { name: string }[];
}

interface TermJson {
  text: string;
  tags?: string[];
  offset: { start: number; length: number };
}

interface MatchJson {
  text: string;
  terms: TermJson[];
  offset: { start: number; length: number };
}

const wordSet = (words: string) => new Set(words.split(/\s+/));

// Titles that are part of how a person is named; every other honorific is dropped.
const KEPT_TITLES = wordSet('Prince Princess Lord Lady Queen King Pope Sir Dame');
// Offices and descriptions compromise may glue to a name ("Defense Secretary Caspar Weinberger").
const OFFICE_WORDS = wordSet(
  'President Vice Minister Secretary Chancellor Premier Speaker Senator Sen Rep Representative ' +
    'Congressman Congresswoman Governor Gov Mayor General Gen Lieutenant Major Colonel Col Captain ' +
    'Admiral Commander Chairman Chairwoman Director Chief Commissioner Attorney Judge Justice ' +
    'Ambassador Former Foreign Defence Defense Prime Deputy Staff Mr Mrs Ms Miss Dr Prof Professor ' +
    'Rabbi Rev Reverend Father Sheikh Democratic Republican Democrat Conservative Labour Liberal ' +
    'Party First Home Interior Finance Trade Energy Oil Economy State Agriculture Actor Actress ' +
    'Singer Coach Manager Striker Midfielder Officer Agent Leader Spokesman Spokeswoman Executive ' +
    'Analyst Economist Trader Head Acting Senior Top Secretary-General Aide Adviser Advisor',
);
// A candidate starting with one of these is a named storm or event, not a person.
const NOT_PERSON_HEADS = wordSet('Hurricane Storm Typhoon Cyclone Tropical Operation Mount Lake World');
// Plural group names that compromise can take for people ("Senate Democrats", "Tamil Tigers").
const GROUP_WORDS =
  /^(?:Democrats|Republicans|Conservatives|Liberals|Socialists|Communists|Tories|Greens|Tigers|Rebels|Forces|Guards|Brigades|Party)$/;
// A name followed by or containing one of these is an organisation, place or event ("Simon Wiesenthal Center").
const INSTITUTION_WORDS =
  /^(?:\s+|$)(?:Center|Centre|Foundation|Institute|University|College|School|Hospital|Museum|Prize|Award|Stadium|Park|Street|Avenue|Airport|Trust|Fund|Group|Inc|Corp|Company|Co|Ltd|Plc|Bank|Programme|Program|Organisation|Organization|Agency|Council|Committee|Commission|Office|Ministry|Department|Service|Association|Union|Federation|Society|Court|War|Palace|Cup)\b/;
const CALENDAR_WORDS = wordSet(
  'January February March April May June July August September October November December Monday ' +
    'Tuesday Wednesday Thursday Friday Saturday Sunday',
);
// Lower-case particles that belong inside names (Charles de Gaulle, Osama bin Laden, al-Douri).
const NAME_PARTICLE = /^(?:van|von|de|del|della|der|den|di|da|du|la|le|bin|ibn|al|el|ben)$|^(?:al|el)-/;
const GENERATION = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;
// Words announcing a person in news copy: "said Paul King", "official, Helmut Schaefer, told".
const ROLE_BEFORE =
  /(?:\b(?:said|says|told|according to|by|official|spokesman|spokeswoman|minister|secretary|general|president|chairman|chairwoman|director|chief|executive|analyst|economist|leader|head|actor|actress|singer|manager|coach|player|striker|captain|envoy|ambassador|senator|governor|judge|professor|candidate|officer|agent|boss|founder|author|writer)|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gen|Lt|Col|Capt)\.?)[,]?\s+$/i;
const SPEECH_AFTER =
  /^[,]?\s+(?:\([^)]*\)\s+)?(?:said|says|told|added|replied|explained|wrote|argued|insisted|warned|noted|declared|announced|commented|confirmed|denied|stated|urged|described|who)\b/;
const POSSESSIVE = /['’]s$|(?<=s)['’]$/;

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word);
const isInitial = (word: string) => /^\p{Lu}\.$/u.test(word);
const hasTag = (term: TermJson, ...tags: string[]) => tags.some((tag) => term.tags?.includes(tag));
const stripGeneration = (words: string[]) =>
  words.length > 2 && GENERATION.test(words.at(-1)!) ? words.slice(0, -1) : words;

interface Candidate {
  words: string[];
  start: number;
  end: number;
  /** An office, honorific or speech verb marked it as a person ("Mr Kennedy", "Reagan said"). */
  cued: boolean;
  firstNameOnly: boolean;
}

function wordOf(text: string, term: TermJson): string {
  const word = text.slice(term.offset.start, term.offset.start + term.offset.length);
  return word.replace(POSSESSIVE, '').replace(/’/g, "'");
}

const isOffice = (term: TermJson, word: string) =>
  !KEPT_TITLES.has(word) && !GENERATION.test(word) && (hasTag(term, 'Honorific') || OFFICE_WORDS.has(word));

/** The terms of a match that form the name: offices dropped, cut at a comma or sentence end. */
function nameTerms(text: string, match: MatchJson): { terms: TermJson[]; titled: boolean } {
  let titled = false;
  let terms: TermJson[] = [];
  for (const term of match.terms) {
    const word = wordOf(text, term).replace(/\.$/, '');
    if (word === '') continue;
    if (isOffice(term, word)) {
      // An office after name words restarts the name ("World Bank President Barber Conable").
      terms = [];
      titled = true;
      continue;
    }
    terms.push(term);
    // "Jr." ends a name, and so does a comma or a sentence end ("Kim, Putin"; "said Reagan. Poindexter").
    const termEnd = term.offset.start + term.offset.length;
    const gap = text.slice(termEnd, termEnd + 3);
    const sentenceEnd = /^\.\s/.test(gap) && !/^\p{Lu}$/u.test(word);
    if (GENERATION.test(word) || /^\s*[,;:!?()"“”]/.test(gap) || sentenceEnd) break;
  }
  return { terms, titled };
}

/**
 * compromise may leave a final name word untagged ("Kim Jong" + "Un", "John" + "A. Boehner"): the end of the
 * name after taking up to two capitalised words that follow, unless they run on into a longer capitalised
 * phrase or follow a possessive.
 */
function extendedEnd(text: string, start: number, end: number, termCount: number): number {
  const following = /^((?: (?:\p{Lu}\.|\p{Lu}[\p{Ll}'’-]+)){1,2})(?= (\S)|[,.;:!?]|$)/u.exec(
    text.slice(end, end + 40),
  );
  if (!following || /^\p{Lu}/u.test(following[2] ?? '') || POSSESSIVE.test(text.slice(start, end)))
    return end;
  const extra = following[1]!.trim().split(' ');
  const usable = extra.every(
    (word) =>
      !CALENDAR_WORDS.has(word) &&
      !OFFICE_WORDS.has(word) &&
      !GROUP_WORDS.test(word) &&
      !isCountrySpelling(word) &&
      !INSTITUTION_WORDS.test(` ${word}`),
  );
  return usable && termCount + extra.length <= 4 ? end + following[1]!.length : end;
}

/** The words of a name as written, so hyphens, apostrophes and initials survive ("al-Douri", "J."). */
function nameWords(text: string, start: number, end: number): string[] {
  return text
    .slice(start, end)
    .split(/\s+/)
    .map((word) =>
      word
        .replace(/^[^\p{L}]+|[^\p{L}.'’-]+$/gu, '')
        .replace(POSSESSIVE, '')
        .replace(/’/g, "'"),
    )
    .map((word) => (isInitial(word) ? word : word.replace(/\.+$/, '')))
    .map((word) => (/^(?:Jr|Sr)$/.test(word) ? `${word}.` : word))
    .filter((word) => word !== '');
}

function looksLikePersonName(
  words: string[],
  terms: TermJson[],
  text: string,
  start: number,
  end: number,
): boolean {
  if (words.length === 0 || (words.length > 1 && words.every(isInitial))) return false;
  if (NOT_PERSON_HEADS.has(words[0]!)) return false;
  // A quoted nickname ("Crooked Hillary") is not how the person is named.
  if (/["“”]/.test(text.slice(Math.max(0, start - 1), end + 1))) return false;
  if (INSTITUTION_WORDS.test(text.slice(end, end + 20))) return false;
  if (!words.every((word) => isCapitalised(word) || NAME_PARTICLE.test(word))) return false;
  // A name ends in a capitalised word, "al-Douri" included.
  const last = words.at(-1)!.replace(/^(?:al|el)-/, '');
  if (!isCapitalised(words[0]!) || !isCapitalised(last)) return false;
  const notNameWord = (word: string) =>
    CALENDAR_WORDS.has(word) ||
    OFFICE_WORDS.has(word) ||
    GROUP_WORDS.test(word) ||
    INSTITUTION_WORDS.test(` ${word}`) ||
    isCountrySpelling(word);
  if (words.some(notNameWord) || isCountrySpelling(words.join(' '))) return false;
  // Groups are plural ("Tamil Tigers"); places and organisations are tagged as such by compromise.
  if (hasTag(terms.at(-1)!, 'Plural')) return false;
  return terms.filter((term) => hasTag(term, 'Place', 'Organization')).length * 2 <= terms.length;
}

/** Turns a compromise match into a cleaned name candidate, or null when it is not a person's name. */
function candidateFrom(text: string, match: MatchJson, needsCue: boolean): Candidate | null {
  const { terms, titled } = nameTerms(text, match);
  if (terms.length === 0) return null;
  const start = terms[0]!.offset.start;
  const lastEnd = terms.at(-1)!.offset.start + terms.at(-1)!.offset.length;
  const end = needsCue ? lastEnd : extendedEnd(text, start, lastEnd, terms.length);
  const words = nameWords(text, start, end);
  if (!looksLikePersonName(words, terms, text, start, end)) return null;
  const cued =
    titled ||
    ROLE_BEFORE.test(text.slice(Math.max(0, start - 40), start)) ||
    SPEECH_AFTER.test(text.slice(end, end + 40));
  // Without compromise knowing the name, only a cued run of two to four words is trusted.
  if (needsCue && (!cued || words.length < 2 || words.length > 4)) return null;
  return {
    words,
    start,
    end,
    cued,
    firstNameOnly: terms.every((term) => hasTag(term, 'FirstName') && !hasTag(term, 'LastName')),
  };
}

const keyOf = (words: string[]) => words.join(' ').toLowerCase();

/** Keeps the longest of overlapping candidates, in order of appearance. */
function withoutOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const candidate of sorted) {
    const previous = kept.at(-1);
    if (previous && candidate.start < previous.end) {
      if (candidate.end - candidate.start > previous.end - previous.start) kept[kept.length - 1] = candidate;
      continue;
    }
    kept.push(candidate);
  }
  return kept;
}

/** Full names in order of first mention (of any form), with short mentions folded into them. */
function mergePeople(candidates: Candidate[]): string[] {
  const fullNames = candidates
    .filter((candidate) => candidate.words.length > 1)
    .map((candidate) => stripGeneration(candidate.words).map((word) => word.toLowerCase()));
  const isPartOfLongerName = (words: string[]) => {
    const lower = stripGeneration(words).map((word) => word.toLowerCase());
    return fullNames.some((other) => {
      if (other.length <= lower.length) return false;
      const prefix = lower.every((word, index) => other[index] === word);
      const suffix = lower.every((word, index) => other[other.length - lower.length + index] === word);
      return prefix || suffix;
    });
  };
  const firstMention = new Map<string, { name: string; start: number }>();
  for (const candidate of candidates) {
    if (isPartOfLongerName(candidate.words)) continue;
    // A lone word counts only when announced as a person ("Mr Kennedy", "Reagan said"), and a lone
    // first name ("Speaker John" from a split "John A. Boehner") never does.
    if (candidate.words.length === 1 && (!candidate.cued || candidate.firstNameOnly)) continue;
    const key = keyOf(candidate.words);
    if (!firstMention.has(key))
      firstMention.set(key, { name: candidate.words.join(' '), start: candidate.start });
  }
  // "Kim" before "Kim Jong Un": the full name takes the place of its earliest short form.
  for (const candidate of candidates) {
    const lower = stripGeneration(candidate.words).map((word) => word.toLowerCase());
    for (const entry of firstMention.values()) {
      const full = stripGeneration(entry.name.split(' ')).map((word) => word.toLowerCase());
      const folded =
        full.length > lower.length &&
        (lower.every((word, index) => full[index] === word) ||
          lower.every((word, index) => full[full.length - lower.length + index] === word));
      if (folded && candidate.start < entry.start) entry.start = candidate.start;
    }
  }
  return [...firstMention.values()].sort((a, b) => a.start - b.start).map((entry) => entry.name);
}

const ORGANISATION_CONNECTORS = /^(?:of|for|and|the|on|de|du|&)$/;

function cleanOrganisation(match: MatchJson): string | null {
  const words = match.text
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}<]+|[^\p{L}\p{N}.>]+$/gu, '').replace(POSSESSIVE, ''))
    .filter((word) => word !== '');
  while (words.length > 0 && !/^\p{Lu}|^\p{N}/u.test(words.at(-1)!)) words.pop();
  while (words.length > 0 && ORGANISATION_CONNECTORS.test(words[0]!)) words.shift();
  if (words.length === 0) return null;
  if (!words.every((word) => /^[\p{Lu}\p{N}<]/u.test(word) || ORGANISATION_CONNECTORS.test(word)))
    return null;
  const name = words.join(' ').replace(/\.$/, '');
  if (name.length < 2 || isCountrySpelling(name) || isCountrySpelling(`${name}.`)) return null;
  return name;
}

/** People and organisations named in an article, in order of first mention. */
export function findPeopleAndOrganizations(title: string, text: string, readTitle: boolean): NamedEntities {
  const source = readTitle && title !== '' ? `${title}.\n\n${text}` : text;
  const doc = nlp(source);
  const lexiconMatches = doc.match('#Person+').json({ offset: true }) as MatchJson[];
  const lexiconStarts = new Set(lexiconMatches.map((match) => match.offset.start));
  const fromLexicon = lexiconMatches.map((match) => ({ match, needsCue: false }));
  // A proper-noun run that begins with a name compromise knows extends it ("Kevin" + "Keegan").
  const fromContext = (doc.match('#ProperNoun+').json({ offset: true }) as MatchJson[]).map((match) => ({
    match,
    needsCue: !lexiconStarts.has(match.offset.start),
  }));
  // compromise does not take a sentence's first word for a proper noun ("Chakib Khelil said ...").
  const fromSentenceStart = (doc.match('^#Noun #ProperNoun+').json({ offset: true }) as MatchJson[]).map(
    (match) => ({ match, needsCue: true }),
  );
  const candidates = withoutOverlaps(
    [...fromLexicon, ...fromContext, ...fromSentenceStart].flatMap(({ match, needsCue }) => {
      const candidate = candidateFrom(source, match, needsCue);
      return candidate ? [candidate] : [];
    }),
  );
  const people = mergePeople(candidates);
  const peopleKeys = new Set(people.map((name) => name.toLowerCase()));
  const organizations: string[] = [];
  const seen = new Set<string>();
  for (const match of doc.match('#Organization+').json() as MatchJson[]) {
    const name = cleanOrganisation(match);
    if (!name || seen.has(name.toLowerCase()) || peopleKeys.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    organizations.push(name);
  }
  return { people: people.map((name) => ({ name })), organizations: organizations.map((name) => ({ name })) };
}
