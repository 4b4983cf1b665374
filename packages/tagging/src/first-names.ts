// Owns the given-name lexicon: the male, female and unisex first names of compromise's English lexicon
// (lexicon/first-names.txt), which is curated for news and web text and knows international names
// ("Mikhail", "Recep") while leaving out common words ("Cross", "Star"). The list is read once, on first
// use.
import { readFileSync } from 'node:fs';

let firstNames: Set<string> | null = null;

function loadFirstNames(): Set<string> {
  const text = readFileSync(new URL('../lexicon/first-names.txt', import.meta.url), 'utf8');
  return new Set(text.split('\n').filter((line) => line !== '' && !line.startsWith('#')));
}

/** True for a word compromise's lexicon knows as a given name ("Gavin"; "Kenenisa" is not). */
export function isFirstName(word: string): boolean {
  firstNames ??= loadFirstNames();
  return firstNames.has(word.toLowerCase());
}
