// Owns text normalisation for deduplication: the sentences and the token stream every
// fingerprint is built from, and the exact-duplicate hash.
import { createHash } from 'node:crypto';
import { decodeEntities } from '@newsq/web-text';

/**
 * Lower-cased words separated by single spaces: entities decoded (feeds and scrapers leave them behind
 * unevenly, so copies differ only by `&amp;` vs `&`), Unicode compatibility forms folded,
 * punctuation, quote style and layout dropped; decimal points and thousands separators inside numbers kept
 * as one token ("2,000" -> "2000", "0.1" stays).
 */
export function normalizeText(text: string): string {
  return decodeEntities(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

function digest(normalized: string): string {
  // 128 bits, base64url: collisions are out of reach at any index size.
  return createHash('sha256').update(normalized).digest().subarray(0, 16).toString('base64url');
}

/** Hash of the normalised text: equal for copies that differ only in layout, entities, case or punctuation. */
export function contentHash(text: string): string {
  return digest(normalizeText(text));
}

/** contentHash of the text `tokens` came from (tokenize), without normalising it a second time. */
export function contentHashOfTokens(tokens: readonly string[]): string {
  return digest(tokens.join(' '));
}

/** A full stop, question or exclamation mark (closing quotes after it) before the next sentence's first letter. */
const SENTENCE_BREAK = /[.!?]["'”’)\]]*\s+(?=["“‘'([]?[\p{Lu}\p{N}])/gu;
/** Abbreviations a capitalised word often follows: titles, ranks, company forms, months. */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sen rep gov gen lt col capt maj sgt st jr sr rev hon inc corp co ltd plc bros no vs ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);

function endsWithAbbreviation(text: string): boolean {
  if (!text.endsWith('.')) return false;
  const word = text.slice(text.lastIndexOf(' ') + 1, -1).replace(/^["“‘'([]+/, '');
  // Initials and dotted abbreviations ("J.", "U.S.") or a listed abbreviation ("Lt.", "Corp.").
  return /^(?:\p{L}\.)*\p{L}$/u.test(word) || ABBREVIATIONS.has(word.toLowerCase());
}

/** Lines and the sentences within them, trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let start = 0;
    for (const end of line.matchAll(SENTENCE_BREAK)) {
      const sentence = line.slice(start, end.index + end[0].length);
      if (endsWithAbbreviation(sentence.trimEnd())) continue;
      sentences.push(sentence.trim());
      start = end.index + end[0].length;
    }
    sentences.push(line.slice(start).trim());
  }
  return sentences.filter((sentence) => sentence !== '');
}
