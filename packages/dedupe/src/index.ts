// Public surface of @newsq/dedupe: content hashes, MinHash fingerprints, the near-duplicate index
// (check-and-insert against a DedupeStore port) and the dedupe batch command.
export { runDedupeBatch } from './batch';
export {
  createDedupeIndex,
  type DedupeDocument,
  type DedupeIndex,
  type DedupeIndexOptions,
} from './dedupe-index';
export {
  BANDS,
  type Fingerprint,
  type FingerprintedDocument,
  fingerprintDocument,
  PERMUTATIONS,
  ROWS_PER_BAND,
} from './fingerprint';
export {
  createMemoryDedupeStore,
  type MemoryDedupeStore,
  type MemoryDedupeStoreOptions,
} from './memory-store';
export {
  type Comparison,
  compareFingerprints,
  DEFAULT_SIMILARITY_POLICY,
  estimateJaccard,
  type SimilarityPolicy,
} from './similarity';
export {
  type Candidate,
  type CommitResult,
  type DecodedEntry,
  type DedupeStore,
  type DedupeVerdict,
  decodeEntry,
  type EntryHeader,
  encodeEntry,
  type IndexEntry,
} from './store';
export { contentHash, normalizeText } from './text';
