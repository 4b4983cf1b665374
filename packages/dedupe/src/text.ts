// Owns text normalisation for deduplication: the token stream every fingerprint
// is built from, the exact-duplicate hash, and the figures a report quotes.
import { createHash } from 'node:crypto';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '-',
  ndash: '-',
  hellip: '...',
  lsquo: "'",
  rsquo: "'",
  ldquo: '"',
  rdquo: '"',
};

/** Feeds and scrapers leave entities behind unevenly, so copies differ only by `&amp;` vs `&`. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/**
 * Lower-cased words separated by single spaces: entities decoded, Unicode compatibility forms folded,
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
