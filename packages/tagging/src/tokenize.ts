// Owns word tokenisation shared by taxonomy terms and article text, so a term and the text it should
// match are always cut the same way; the inflections a word may be a form of; where sentences end;
// and which words belong to a company's name.
import { COMPANY_WORDS } from './name-lexicon';

export interface Token {
  /** The word as written (possessive 's removed). */
  raw: string;
  lower: string;
  /** The word in lower case and the base words it may be an inflection of ("talks" -> talks, talk). */
  bases: readonly string[];
  /** Index of the sentence the word is in; the title is sentence 0 of its own token list. */
  sentence: number;
  /** Part of a company's name ("Occidental Petroleum Corp"), so not evidence for what the words say. */
  inName: boolean;
}

// Letters/digits, with inner apostrophes kept ("O'Neill"); hyphens and dots split words.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const POSSESSIVE = /['’]s$/i;

/** Abbreviations whose dot does not end a sentence: "Mr.", "Gen.", "Corp.", and single initials. */
export const DOTTED_ABBREVIATIONS = new Set(
  'Mr Mrs Ms Dr Sr Jr St Mt Ft Gen Lt Col Capt Maj Sgt Adm Cmdr Gov Sen Rep Atty Supt Insp Prof Rev Messrs Co Corp Inc Ltd No Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec'.split(
    ' ',
  ),
);
// A sentence ends at ".", "!" or "?" before a space, or at a line break.
const SENTENCE_BREAK = /[.!?]["'”’)\]]*\s|\n/;
const SINGLE_LETTER = /^\p{L}$/u;

const CAPITALISED = /^\p{Lu}/u;

const VOWEL = /[aeiouy]/;
const DOUBLED = /([b-df-hj-np-tv-z])\1$/;

/**
 * The base words a lower-case word may be an inflection of: plural -s/-es/-ies, past -ed/-ied and -ing,
 * with a silent e restored ("making" -> make) and a doubled consonant undone ("stopped" -> stop).
 * Derived words are not folded: "important" is not a form of "import", nor "aide" of "aid".
 */
function inflectionBases(word: string): string[] {
  const bases = [word];
  const add = (base: string) => {
    if (base.length >= 2 && VOWEL.test(base) && !bases.includes(base)) bases.push(base);
  };
  const withStem = (stem: string) => {
    add(stem);
    add(`${stem}e`);
    if (DOUBLED.test(stem)) add(stem.slice(0, -1));
  };
  if (word.length > 4 && word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
  else if (word.length > 3 && word.endsWith('es')) {
    add(word.slice(0, -1));
    add(word.slice(0, -2));
  } else if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) add(word.slice(0, -1));
  if (word.length > 4 && word.endsWith('ied')) add(`${word.slice(0, -3)}y`);
  else if (word.length > 4 && word.endsWith('ed')) withStem(word.slice(0, -2));
  if (word.length > 5 && word.endsWith('ing')) withStem(word.slice(0, -3));
  return bases;
}

// News vocabulary repeats, so the bases of each word are computed once.
const BASES_CACHE_LIMIT = 200_000;
const basesCache = new Map<string, readonly string[]>();

export function basesOf(lower: string): readonly string[] {
  let bases = basesCache.get(lower);
  if (bases === undefined) {
    if (basesCache.size >= BASES_CACHE_LIMIT) basesCache.clear();
    bases = inflectionBases(lower);
    basesCache.set(lower, bases);
  }
  return bases;
}

/**
 * Marks the words of company names: a run of two or more capitalised words inside a sentence that ends
 * in a legal form or an industry ("Gulf Oil", "Occidental Petroleum Corp"), and anything in wire copy's
 * "<Company Name>" brackets.
 */
function markCompanyNames(
  text: string,
  tokens: Token[],
  starts: number[],
  sentenceStarts: Set<number>,
): void {
  let runFrom = -1;
  const close = (to: number) => {
    if (runFrom >= 0 && to > runFrom && COMPANY_WORDS.has(tokens[to]!.raw)) {
      for (let index = runFrom; index <= to; index++) tokens[index]!.inName = true;
    }
    runFrom = -1;
  };
  tokens.forEach((token, index) => {
    const capitalised = CAPITALISED.test(token.raw) && !sentenceStarts.has(index);
    const joined =
      index > 0 &&
      /^[ -]$/.test(text.slice(starts[index - 1]! + tokens[index - 1]!.raw.length, starts[index]));
    if (capitalised && runFrom >= 0 && joined) return;
    close(index - 1);
    if (capitalised) runFrom = index;
  });
  close(tokens.length - 1);
  let index = 0;
  for (const bracket of text.matchAll(/<[^<>\n]{1,60}>/g)) {
    const end = bracket.index + bracket[0].length;
    while (index < tokens.length && starts[index]! < bracket.index) index++;
    for (; index < tokens.length && starts[index]! < end; index++) tokens[index]!.inName = true;
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const starts: number[] = [];
  const sentenceStarts = new Set<number>();
  let sentence = 0;
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    const raw = match[0].replace(POSSESSIVE, '');
    const previous = tokens.at(-1);
    const gap = text.slice(previousEnd, match.index);
    const abbreviation =
      previous && (SINGLE_LETTER.test(previous.raw) || DOTTED_ABBREVIATIONS.has(previous.raw));
    if (previous && SENTENCE_BREAK.test(gap) && !(abbreviation && /^\.\s+$/.test(gap))) sentence++;
    if (!previous || SENTENCE_BREAK.test(gap)) sentenceStarts.add(tokens.length);
    const lower = raw.toLowerCase();
    tokens.push({ raw, lower, bases: basesOf(lower), sentence, inName: false });
    starts.push(match.index);
    previousEnd = match.index + match[0].length;
  }
  markCompanyNames(text, tokens, starts, sentenceStarts);
  return tokens;
}

/** True when a title is written in capitals (wire-service style), where case carries no meaning. */
export function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length > 3 && letters === letters.toUpperCase();
}

/** True when most longer words of a headline are capitalised ("Local Mayor Defeated by Newcomer"). */
export function isTitleCase(text: string): boolean {
  const words = text.split(/\s+/).filter((word) => /^\p{L}{4,}/u.test(word));
  if (words.length < 3) return false;
  return words.filter((word) => /^\p{Lu}/u.test(word)).length / words.length >= 0.75;
}
