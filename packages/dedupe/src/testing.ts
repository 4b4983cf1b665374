// Owns synthetic news-like text for tests and benches: seeded, reproducible, written
// by this project (no corpus text), with the edits a syndicated copy goes through.
import { seededRandom } from '@newsq/core/testing';

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tas',
  'vel',
  'dor',
  'pi',
  'sun',
  'ex',
  'mar',
  'qui',
  'ton',
  'bra',
  'lee',
];
const FUNCTION_WORDS = [
  'the',
  'of',
  'and',
  'to',
  'in',
  'a',
  'said',
  'on',
  'for',
  'with',
  'that',
  'was',
  'by',
];

/** A pseudo-vocabulary with a Zipf-like draw, so texts share common words but rarely five in a row. */
const VOCABULARY: string[] = (() => {
  const random = seededRandom(7);
  const words = new Set<string>();
  while (words.size < 6000) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
})();

function drawWord(random: () => number): string {
  if (random() < 0.3) return FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)] as string;
  // Squaring skews the draw towards the head of the vocabulary.
  return VOCABULARY[Math.floor(random() ** 2 * VOCABULARY.length)] as string;
}

export interface SyntheticArticle {
  title: string;
  text: string;
}

/** A story of `words` words in paragraphs of 40-70 words, with a figure now and then. */
export function syntheticArticle(seed: number, words = 300): SyntheticArticle {
  const random = seededRandom(seed);
  const paragraphs: string[] = [];
  let remaining = words;
  while (remaining > 0) {
    const size = Math.min(remaining, 40 + Math.floor(random() * 30));
    const tokens: string[] = [];
    for (let i = 0; i < size; i++) {
      tokens.push(random() < 0.03 ? String(Math.floor(random() * 9000) + 10) : drawWord(random));
    }
    tokens[0] = `${tokens[0]?.[0]?.toUpperCase()}${tokens[0]?.slice(1)}`;
    paragraphs.push(`${tokens.join(' ')}.`);
    remaining -= size;
  }
  const title = Array.from({ length: 6 }, () => drawWord(random)).join(' ');
  return { title, text: paragraphs.join('\n\n') };
}

/** The wrapper a reseller adds: dateline and credit in front, copyright and prompts behind. */
export function wrapSyndicated(text: string, outlet: string): string {
  return [
    `LONDON, May 3 (${outlet}) - ${text}`,
    `Copyright ${outlet}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission. Sign up to our daily newsletter for the top stories. Follow us on social media for breaking news alerts.`,
  ].join('\n\n');
}

/** Replaces `edits` words at seeded positions, as a copy editor would. */
export function lightlyEdit(text: string, edits: number, seed: number): string {
  const random = seededRandom(seed);
  const words = text.split(' ');
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * words.length);
    words[at] = `${words[at]}ed`;
  }
  return words.join(' ');
}

/** The first paragraphs holding about `share` of the words. */
export function truncate(text: string, share: number): string {
  const paragraphs = text.split('\n\n');
  const total = text.split(/\s+/).length;
  const kept: string[] = [];
  let words = 0;
  for (const paragraph of paragraphs) {
    if (words >= total * share) break;
    kept.push(paragraph);
    words += paragraph.split(/\s+/).length;
  }
  return kept.join('\n\n');
}
