// Owns the locality-sensitive fingerprint of an article: MinHash over word 5-shingles
// (the LSH band keys that find candidates) plus the bounded data that confirms them
// (16-bit MinHash signature, the shingle count, the quoted figures in their places, the
// subject sketch).
import { stripBoilerplate } from './boilerplate';
import { sketchFigures } from './figures';
import { hashString, hashValues, mix32 } from './hash';
import { type SubjectSketch, sketchSubject } from './subject';
import { contentHashOfTokens, splitSentences, tokenize } from './text';

export const SHINGLE_WORDS = 5;
/** Signature length: the Jaccard estimate's standard error is about 0.03 at J = 0.5. */
export const PERMUTATIONS = 256;
/** LSH over the first BANDS x ROWS_PER_BAND values: P(candidate) = 1 - (1 - J^3)^50, 0.9987 at J = 0.5. */
export const BANDS = 50;
export const ROWS_PER_BAND = 3;

const PERMUTATION_SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++) seeds[i] = mix32(0x6a09e667 + Math.imul(i + 1, 0x9e3779b9));
  return seeds;
})();

export interface Fingerprint extends SubjectSketch {
  /** Hash of the normalised text (exact duplicates). */
  contentHash: string;
  /** Low 16 bits of each of the PERMUTATIONS minima: enough to estimate Jaccard, 2 bytes a value. */
  signature: Uint16Array;
  /** Distinct shingles of the text, to turn Jaccard into containment. */
  shingleCount: number;
  /** The first figures of the text with their places (see sketchFigures). */
  figures: Uint16Array;
}

export interface FingerprintedDocument {
  fingerprint: Fingerprint;
  /** Index buckets: one per LSH band plus the exact-hash bucket. */
  bucketKeys: string[];
}

export function fingerprintDocument(doc: { title: string; text: string }): FingerprintedDocument {
  const sentences = splitSentences(stripBoilerplate(doc.text));
  // The story without its syndication wrapper, or the title when there is no body.
  let sentenceTokens = sentences.map(tokenize);
  if (!sentenceTokens.some((words) => words.length > 0)) sentenceTokens = [tokenize(doc.title)];
  const tokens = sentenceTokens.flat();
  const exact = contentHashOfTokens(tokens);
  const width = Math.min(SHINGLE_WORDS, Math.max(tokens.length, 1));
  const shingles = new Set<number>();
  for (let i = 0; i + width <= tokens.length; i++) {
    shingles.add(hashString(tokens.slice(i, i + width).join(' ')));
  }

  const minima = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  // The hot loop (shingles x permutations): a typed array iterates faster than the Set.
  const shingleHashes = Uint32Array.from(shingles);
  for (let s = 0; s < shingleHashes.length; s++) {
    const shingle = shingleHashes[s] as number;
    for (let p = 0; p < PERMUTATIONS; p++) {
      const value = mix32(shingle ^ (PERMUTATION_SEEDS[p] as number));
      if (value < (minima[p] as number)) minima[p] = value;
    }
  }

  const bucketKeys: string[] = [];
  if (shingles.size > 0) {
    for (let band = 0; band < BANDS; band++) {
      const key = hashValues(minima, band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND, band);
      bucketKeys.push(`${band.toString(36)}.${key.toString(36)}`);
    }
  }
  bucketKeys.push(`x.${exact.slice(0, 12)}`);

  return {
    fingerprint: {
      contentHash: exact,
      signature: Uint16Array.from(minima, (m) => m & 0xffff),
      shingleCount: shingles.size,
      figures: sketchFigures(sentenceTokens),
      ...sketchSubject(doc.title, sentences),
    },
    bucketKeys,
  };
}
