// Owns text normalisation for deduplication: the token stream every fingerprint
// is built from, the exact-duplicate hash, and the figures a report quotes.
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

/** Hash of the normalised text: equal for copies that differ only in layout, entities, case or punctuation. */
export function contentHash(text: string): string {
  // 128 bits, base64url: collisions are out of reach at any index size.
  return createHash('sha256').update(normalizeText(text)).digest().subarray(0, 16).toString('base64url');
}

/** Distinct numeric tokens of a text: the figures that tell a recurring report from its previous edition. */
export function extractNumbers(tokens: readonly string[]): string[] {
  const numbers = new Set<string>();
  for (const token of tokens) {
    if (/^\d+(?:\.\d+)?$/.test(token)) numbers.add(token);
  }
  return [...numbers];
}
