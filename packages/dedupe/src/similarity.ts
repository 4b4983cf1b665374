// Owns the confirmation step: an LSH candidate only counts as a duplicate when its
// estimated resemblance clears the threshold AND it is not the same template re-filled
// with other figures AND it is about the same subject, which keeps a recurring report
// with new numbers and one template filled in for another company apart from the text
// they were cloned from, while a corrected figure or sentence stays the same article.
import { compareFigures } from './figures';
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
  /**
   * A re-filled template changes at least this many distinct figures in shared places (one is a correction),
   * and among them a date (another day's or week's edition), or a figure moved to the place of the previous
   * one (last edition's figure quoted for comparison), or figures in more than one sentence that make up at
   * least `refilledShare` of the figures in shared places (a few among many are corrections), or every figure
   * in a shared place (one corrected sentence among others that keep their figures is a correction).
   */
  refilledChanges: number;
  refilledShare: number;
}

export const DEFAULT_SIMILARITY_POLICY: SimilarityPolicy = {
  threshold: 0.4,
  containmentThreshold: 0.75,
  truncatedThreshold: 0.3,
  refilledChanges: 2,
  refilledShare: 0.3,
};

export interface Comparison {
  duplicate: boolean;
  exact: boolean;
  /** Estimated Jaccard resemblance, 1 for exact copies. */
  similarity: number;
  containment: number;
  /** Distinct figure changes in places both texts share. */
  changedFigures: number;
  /** The changes re-fill the template rather than correct it: another edition of a recurring report. */
  refilled: boolean;
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
      changedFigures: 0,
      refilled: false,
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
  const figures = compareFigures(a.figures, b.figures);
  const refilled =
    figures.distinctChanges >= policy.refilledChanges &&
    (figures.changedDates > 0 ||
      figures.moved ||
      (figures.changedSentences > 1 && figures.changed >= policy.refilledShare * figures.aligned) ||
      figures.changed === figures.aligned);
  const resembles =
    similarity >= policy.threshold ||
    (containment >= policy.containmentThreshold && similarity >= policy.truncatedThreshold);
  const otherSubject = subjectsDiffer(a, b);
  return {
    duplicate: resembles && !refilled && !otherSubject,
    exact: false,
    similarity,
    containment,
    changedFigures: figures.distinctChanges,
    refilled,
    otherSubject,
  };
}
