// Owns the given-name lexicon: the male, female and unisex first names in compromise's English
// lexicon, which is curated for news and web text and knows international names ("Mikhail", "Recep")
// while leaving out common words ("Cross", "Star"). Only the word list is read, once: no NLP pass runs
// per article.
import nlp from 'compromise/two';

const FIRST_NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName']);

interface LexiconModel {
  one: { lexicon: Record<string, string | string[]> };
}

let firstNames: Set<string> | null = null;

function loadFirstNames(): Set<string> {
  const { lexicon } = (nlp.model() as LexiconModel).one;
  const names = new Set<string>();
  for (const [word, tags] of Object.entries(lexicon)) {
    if ([tags].flat().some((tag) => FIRST_NAME_TAGS.has(tag))) names.add(word);
  }
  return names;
}

/** True for a word compromise knows as a given name ("Gavin", "Kenenisa" is not). */
export function isFirstName(word: string): boolean {
  firstNames ??= loadFirstNames();
  return firstNames.has(word.toLowerCase());
}
