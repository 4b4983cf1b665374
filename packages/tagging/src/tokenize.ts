// Owns word tokenisation and stemming shared by taxonomy terms and article text,
// so a term and the text it should match are always cut and stemmed the same way.
import { stemmer } from 'stemmer';

export interface Token {
  /** The word as written (possessive 's removed). */
  raw: string;
  lower: string;
  stem: string;
}

// Letters/digits, with inner apostrophes kept ("O'Neill"); hyphens and dots split words.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const POSSESSIVE = /['’]s$/i;

// Stemming dominates tokenisation cost and news vocabulary repeats, so stems are memoised.
const STEM_CACHE_LIMIT = 200_000;
const stemCache = new Map<string, string>();

export function stemWord(lower: string): string {
  let stem = stemCache.get(lower);
  if (stem === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stem = stemmer(lower);
    stemCache.set(lower, stem);
  }
  return stem;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0].replace(POSSESSIVE, '');
    const lower = raw.toLowerCase();
    tokens.push({ raw, lower, stem: stemWord(lower) });
  }
  return tokens;
}

/** True when a title is written in capitals (wire-service style), where case carries no meaning. */
export function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length > 3 && letters === letters.toUpperCase();
}

/** True when most longer words of a headline are capitalised ("Eric Cantor Defeated by David Brat"). */
export function isTitleCase(text: string): boolean {
  const words = text.split(/\s+/).filter((word) => /^\p{L}{4,}/u.test(word));
  if (words.length < 3) return false;
  return words.filter((word) => /^\p{Lu}/u.test(word)).length / words.length >= 0.75;
}
