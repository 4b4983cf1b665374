// Owns the confirmation step: an LSH candidate only counts as a duplicate when its
// estimated resemblance clears the threshold AND the two texts quote the same figures
// AND are about the same subject, which keeps a recurring report with new numbers and
// one template filled in for another company apart from the text they were cloned from.
import type { Fingerprint } from './fingerprint';
import { subjectsDiffer } from './subject';

export interface SimilarityPolicy {
  /** Estimated Jaccard of the 5-shingle sets at or above which two texts are one article. */
  threshold: number;
  /**
   * Share of the shorter text found in the longer one at or above which a truncated copy counts, provided
   * the Jaccard estimate is at least `truncatedThreshold`.
   */
  containmentThreshold: number;
  truncatedThreshold: number;
  /** Share of the smaller figure set that may be missing from the other text, however many figures that is. */
  maxMissingNumberShare: number;
  /**
   * One missing figure (a correction, a stray date) is tolerated up to this share of the figures, or at any
   * share once the resemblance reaches `lenientSimilarity`.
   */
  oneMissingNumberShare: number;
  lenientSimilarity: number;
}

export const DEFAULT_SIMILARITY_POLICY: SimilarityPolicy = {
  threshold: 0.45,
  containmentThreshold: 0.85,
  truncatedThreshold: 0.3,
  maxMissingNumberShare: 0.1,
  oneMissingNumberShare: 0.2,
  lenientSimilarity: 0.7,
};

export interface Comparison {
  duplicate: boolean;
  exact: boolean;
  /** Estimated Jaccard resemblance, 1 for exact copies. */
  similarity: number;
  containment: number;
  /** Estimated figures of the smaller figure set that the other text lacks. */
  missingNumbers: number;
  /** Each text's lede names an entity the other never mentions (a template about another company). */
  otherSubject: boolean;
}

export function estimateJaccard(a: Uint16Array, b: Uint16Array): number {
  const length = Math.min(a.length, b.length);
  if (length === 0) return 0;
  let equal = 0;
  for (let i = 0; i < length; i++) if (a[i] === b[i]) equal++;
  // 16-bit values agree by chance once in 65536: remove that bias.
  const chance = 1 / 65536;
  return Math.max(0, (equal / length - chance) / (1 - chance));
}

/** Figures of the smaller set missing from the other, estimated on the range both bottom-k sketches cover. */
export function estimateMissingNumbers(a: Fingerprint, b: Fingerprint): { missing: number; share: number } {
  const [small, large] = a.numberCount <= b.numberCount ? [a, b] : [b, a];
  if (small.numberCount === 0) return { missing: 0, share: 0 };
  const largeFull = large.numberCount > large.numbers.length;
  const smallFull = small.numberCount > small.numbers.length;
  const ceiling = Math.min(
    largeFull ? (large.numbers[large.numbers.length - 1] ?? 0) : 0xffffffff,
    smallFull ? (small.numbers[small.numbers.length - 1] ?? 0) : 0xffffffff,
  );
  const present = new Set(large.numbers);
  let compared = 0;
  let absent = 0;
  for (const value of small.numbers) {
    if (value > ceiling) break;
    compared++;
    if (!present.has(value)) absent++;
  }
  if (compared === 0) return { missing: 0, share: 0 };
  const share = absent / compared;
  return { missing: Math.round(share * small.numberCount), share };
}

export function compareFingerprints(
  a: Fingerprint,
  b: Fingerprint,
  policy: SimilarityPolicy = DEFAULT_SIMILARITY_POLICY,
): Comparison {
  if (a.contentHash === b.contentHash) {
    return {
      duplicate: true,
      exact: true,
      similarity: 1,
      containment: 1,
      missingNumbers: 0,
      otherSubject: false,
    };
  }
  const similarity = estimateJaccard(a.signature, b.signature);
  // |A ∩ B| = J (|A| + |B|) / (1 + J); containment is that over the smaller set.
  const smaller = Math.min(a.shingleCount, b.shingleCount);
  const containment =
    smaller === 0
      ? 0
      : Math.min(1, (similarity * (a.shingleCount + b.shingleCount)) / (1 + similarity) / smaller);
  const numbers = estimateMissingNumbers(a, b);
  const sameFigures =
    numbers.missing === 0 ||
    numbers.share <= policy.maxMissingNumberShare ||
    (numbers.missing === 1 &&
      (numbers.share <= policy.oneMissingNumberShare || similarity >= policy.lenientSimilarity));
  const resembles =
    similarity >= policy.threshold ||
    (containment >= policy.containmentThreshold && similarity >= policy.truncatedThreshold);
  const otherSubject = subjectsDiffer(a, b);
  return {
    duplicate: sameFigures && resembles && !otherSubject,
    exact: false,
    similarity,
    containment,
    missingNumbers: numbers.missing,
    otherSubject,
  };
}
