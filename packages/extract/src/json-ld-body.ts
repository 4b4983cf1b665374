// Owns the cross-check between Readability's body and a JSON-LD articleBody. When the publisher's
// articleBody is complete it says exactly which paragraphs are the article, so blocks it lacks
// (captions, promos, bylines) are dropped; when Readability found little, the articleBody replaces it.
import { type DomElement, normalizedText, parseDocument } from './dom';
import { htmlToText } from './html-text';

const SHINGLE = 4;

function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function shingles(words: string[]): string[] {
  if (words.length < SHINGLE) return words.length === 0 ? [] : [words.join(' ')];
  const result: string[] = [];
  for (let index = 0; index + SHINGLE <= words.length; index++)
    result.push(words.slice(index, index + SHINGLE).join(' '));
  return result;
}

function coverage(candidate: string[], reference: Set<string>): number {
  if (candidate.length === 0) return 1;
  let hits = 0;
  for (const shingle of candidate) if (reference.has(shingle)) hits++;
  return hits / candidate.length;
}

/** articleBody is plain text by the spec, but some publishers put HTML in it. */
export function jsonLdBodyText(articleBody: string): string {
  if (/<\/?(?:p|br|div|a|strong|em)\b/i.test(articleBody)) {
    return htmlToText(parseDocument(`<!doctype html><html><body>${articleBody}</body></html>`).body!);
  }
  return articleBody
    .split(/\r?\n\s*/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n\n');
}

export type JsonLdOutcome = 'filtered' | 'ignored' | 'replace';

/**
 * Drops leaf blocks of `root` absent from a complete articleBody. Complete means the body's text is
 * nearly all found in Readability's result and is not a short teaser of it.
 */
export function filterByJsonLdBody(root: DomElement, articleBodyText: string): JsonLdOutcome {
  const reference = tokens(articleBodyText);
  const referenceShingles = new Set(shingles(reference));
  const extracted = tokens(htmlToText(root));
  const extractedShingles = new Set(shingles(extracted));
  const found = coverage(shingles(reference), extractedShingles);
  if (found < 0.7 && reference.length > extracted.length * 1.2) return 'replace';
  if (found < 0.9 || reference.length < extracted.length * 0.5) return 'ignored';
  const referenceWords = new Set(reference);
  for (const block of Array.from(
    root.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, blockquote, dd, dt, figure, div'),
  )) {
    if (!block.parentNode) continue;
    if (block.tagName === 'DIV' && block.querySelector('p, div, li, blockquote, figure')) continue;
    const words = tokens(normalizedText(block));
    if (words.length === 0) continue;
    const inReference =
      words.length < SHINGLE
        ? words.every((word) => referenceWords.has(word))
        : coverage(shingles(words), referenceShingles) >= 0.5;
    if (!inReference) block.remove();
  }
  return 'filtered';
}
