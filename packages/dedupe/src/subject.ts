// Owns the "who is this about" signal: a template filled in for another company, or a
// short notice whose only difference is the issuer, shares its wording and even its
// figures, but each text names an entity the other never mentions. Kept bounded: the
// lede's names (up to 16 hashes) and a 1024-bit Bloom filter of all the text's names.
import { hashString, mix32 } from './hash';

export const MAX_SUBJECT_NAMES = 16;
export const NAME_FILTER_BYTES = 128;
/**
 * A body shorter than this whose lede names nobody ("Qtly div 12 cts vs 12 cts prior") leaves its subject to
 * the title, whose words then count as subject. A lede with names keeps the subject in the body: a rewritten
 * headline over the same short item is no other subject.
 */
const SHORT_BODY_WORDS = 40;

/** Capitalised words that name nothing in particular (sentence furniture, corporate suffixes, titles). */
const NOT_NAMES = new Set(
  (
    'the and for but with from into after said says say this that these those there their they its his her ' +
    'inc corp corporation company ltd plc llc group holdings mr mrs ms dr sir new update updated brief'
  ).split(' '),
);

function nameKey(word: string): string | null {
  const key = word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
  return key.length >= 3 && !NOT_NAMES.has(key) && !/^\d+$/.test(key) ? key : null;
}

const isCapitalised = (word: string) => /^["“'(<]?\p{Lu}/u.test(word);

/** Name hashes of the first sentence; its first word only when a second capitalised word follows it. */
function ledeNames(firstSentence: string): string[] {
  const words = firstSentence.split(/\s+/).filter(Boolean);
  const names: string[] = [];
  words.forEach((word, index) => {
    if (!isCapitalised(word)) return;
    if (index === 0 && !isCapitalised(words[1] ?? '')) return;
    const key = nameKey(word);
    if (key) names.push(key);
  });
  return names;
}

export interface SubjectSketch {
  /** Hashes of the words naming the lede's subject (the title's words for a short body that names nobody). */
  subject: Uint32Array;
  /** Bloom filter of every capitalised body word and every title word. */
  names: Uint8Array;
}

function filterBits(hash: number): [number, number, number] {
  const second = mix32(hash ^ 0x5bd1e995);
  return [hash & 1023, (hash >>> 10) & 1023, second & 1023];
}

/** `sentences` are the story's, without its wrapper (stripBoilerplate, splitSentences). */
export function sketchSubject(title: string, sentences: readonly string[]): SubjectSketch {
  const bodyWords = sentences.flatMap((sentence) => sentence.split(/\s+/));
  const titleKeys = title
    .split(/\s+/)
    .map(nameKey)
    .filter((key): key is string => key !== null);
  const subjectKeys = new Set(ledeNames(sentences[0] ?? ''));
  if (bodyWords.length < SHORT_BODY_WORDS && subjectKeys.size === 0)
    for (const key of titleKeys) subjectKeys.add(key);

  const names = new Uint8Array(NAME_FILTER_BYTES);
  const add = (key: string) => {
    for (const bit of filterBits(hashString(key)))
      names[bit >>> 3] = (names[bit >>> 3] as number) | (1 << (bit & 7));
  };
  for (const word of bodyWords) {
    if (!isCapitalised(word)) continue;
    const key = nameKey(word);
    if (key) add(key);
  }
  for (const key of titleKeys) add(key);
  return {
    subject: Uint32Array.from([...subjectKeys].slice(0, MAX_SUBJECT_NAMES), (key) => hashString(key)),
    names,
  };
}

function mentions(names: Uint8Array, hash: number): boolean {
  return filterBits(hash).every((bit) => ((names[bit >>> 3] as number) & (1 << (bit & 7))) !== 0);
}

/**
 * True when each text's subject names something the other text never mentions, three names in all: one
 * misspelt name fixed in a re-send (one unmentioned name a side) is not another subject.
 */
export function subjectsDiffer(a: SubjectSketch, b: SubjectSketch): boolean {
  const aUnmentioned = [...a.subject].filter((hash) => !mentions(b.names, hash)).length;
  const bUnmentioned = [...b.subject].filter((hash) => !mentions(a.names, hash)).length;
  return aUnmentioned > 0 && bUnmentioned > 0 && aUnmentioned + bUnmentioned >= 3;
}
