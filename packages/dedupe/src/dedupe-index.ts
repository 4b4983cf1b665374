// Owns the dedupe decision: fingerprint a document, let the store hand back its bucket
// neighbours, confirm each by similarity, and commit the verdict atomically. The same
// code serves the batch command (memory store) and the workers (Redis store).
import { createHash } from 'node:crypto';
import { RetryableError } from '@newsq/core';
import { canonicalizeUrl } from '@newsq/web-text';
import { fingerprintDocument } from './fingerprint';
import { compareFingerprints, DEFAULT_SIMILARITY_POLICY, type SimilarityPolicy } from './similarity';
import { type DecodedEntry, type DedupeStore, type DedupeVerdict, decodeEntry, encodeEntry } from './store';

export interface DedupeDocument {
  id: string;
  url?: string | null;
  title: string;
  text: string;
}

export interface DedupeIndexOptions {
  store: DedupeStore;
  /** Earlier articles older than this never match. Default 30. */
  retentionDays?: number;
  /** Estimated 5-shingle Jaccard at which two texts are one article. Default 0.4. */
  threshold?: number;
  /** Finer control over the confirmation step; `threshold` wins over `policy.threshold`. */
  policy?: Partial<SimilarityPolicy>;
  now?: () => number;
  /** Commit attempts before giving up under extreme contention (the job is then retried). Default 8. */
  maxRounds?: number;
}

export interface DedupeIndex {
  check(doc: DedupeDocument): Promise<DedupeVerdict>;
}

const DAY_MS = 86_400_000;

/** A URL identifies an article only below the front page. */
function urlKeyOf(url: string | null | undefined): string | null {
  if (!url) return null;
  let canonical: string;
  try {
    canonical = canonicalizeUrl(url);
  } catch {
    return null;
  }
  if (new URL(canonical).pathname.length <= 1) return null;
  return createHash('sha256').update(canonical).digest().subarray(0, 9).toString('base64url');
}

interface Match {
  entry: DecodedEntry;
  exact: boolean;
  similarity: number;
}

/** Exact copies first, then the closest text, then the earliest entry. */
function better(a: Match, b: Match | null): boolean {
  if (!b) return true;
  if (a.exact !== b.exact) return a.exact;
  if (a.similarity !== b.similarity) return a.similarity > b.similarity;
  return a.entry.indexedAt < b.entry.indexedAt;
}

export function createDedupeIndex(options: DedupeIndexOptions): DedupeIndex {
  const { store } = options;
  const retentionMs = (options.retentionDays ?? 30) * DAY_MS;
  const policy: SimilarityPolicy = {
    ...DEFAULT_SIMILARITY_POLICY,
    ...options.policy,
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  };
  const now = options.now ?? Date.now;
  const maxRounds = options.maxRounds ?? 8;

  return {
    async check(doc) {
      const { fingerprint, bucketKeys } = fingerprintDocument(doc);
      const urlKey = urlKeyOf(doc.url);
      if (urlKey) bucketKeys.push(`u.${urlKey}`);
      const evaluated: string[] = [];
      let best: Match | null = null;

      for (let round = 0; round < maxRounds; round++) {
        const indexedAt = now();
        const verdict: DedupeVerdict = best
          ? {
              duplicateOf: best.entry.verdict.duplicateOf ?? best.entry.id,
              cluster: best.entry.verdict.cluster,
              similarity: best.similarity,
              exact: best.exact,
            }
          : { duplicateOf: null, cluster: doc.id, similarity: null, exact: false };
        const record = encodeEntry({ id: doc.id, verdict, indexedAt, urlKey }, fingerprint);
        const result = await store.commit({ id: doc.id, bucketKeys, record }, evaluated);
        if (result.status === 'inserted') return verdict;
        if (result.status === 'existing') return decodeEntry(result.record).verdict;

        for (const candidate of result.candidates) {
          evaluated.push(candidate.ref);
          if (!candidate.record) continue;
          const entry = decodeEntry(candidate.record);
          if (entry.id === doc.id || entry.indexedAt <= indexedAt - retentionMs) continue;
          const comparison = entry.fingerprint && compareFingerprints(fingerprint, entry.fingerprint, policy);
          // One canonical URL is one article, whatever its revisions did to the text.
          const sameUrl = urlKey !== null && entry.urlKey === urlKey;
          if (!sameUrl && !comparison?.duplicate) continue;
          const match = { entry, exact: comparison?.exact ?? false, similarity: comparison?.similarity ?? 0 };
          if (better(match, best)) best = match;
        }
      }
      throw new RetryableError(
        'dedupe_contended',
        `dedupe: index changed under ${doc.id} ${maxRounds} times in a row; retry later`,
      );
    },
  };
}
