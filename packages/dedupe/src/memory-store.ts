// Owns the in-process DedupeStore: the private index of the batch command and of unit
// tests. Same semantics as the Redis store (atomic commit, retention, bounded buckets);
// atomicity comes free because a commit never awaits between its check and its insert.
import type { CommitResult, DedupeStore, IndexEntry } from './store';

export interface MemoryDedupeStoreOptions {
  /** Entries older than this stop matching and are dropped. Default 30. */
  retentionDays?: number;
  /** Ids kept per bucket (the first, the most recent others): bounds work on hot buckets. Default 5. */
  maxPerBucket?: number;
  now?: () => number;
}

export interface MemoryDedupeStore extends DedupeStore {
  /** Indexed entries and the bytes they hold (records plus bucket references), for reports and benches. */
  stats(): { entries: number; buckets: number; recordBytes: number; bytes: number };
  /** Inserts an entry without looking at its neighbours: for benches that pre-fill a large index. */
  insertUnchecked(entry: IndexEntry): void;
}

const DAY_MS = 86_400_000;
/** Rough per-reference cost of a bucket slot in a JS Map/array, for reporting only. */
const BUCKET_SLOT_BYTES = 16;

export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): MemoryDedupeStore {
  const retentionMs = (options.retentionDays ?? 30) * DAY_MS;
  const maxPerBucket = Math.max(2, options.maxPerBucket ?? 5);
  const now = options.now ?? Date.now;
  const records = new Map<string, { record: Uint8Array; bucketKeys: readonly string[]; at: number }>();
  // A bucket with one article (nearly all of them) holds the bare id: no array per bucket.
  const buckets = new Map<string, string | string[]>();
  const arrivals: { id: string; at: number }[] = [];
  let arrivalHead = 0;
  let recordBytes = 0;
  let bucketRefs = 0;

  function idsIn(key: string): readonly string[] {
    const ids = buckets.get(key);
    return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  }

  function expire(at: number): void {
    while (
      arrivalHead < arrivals.length &&
      (arrivals[arrivalHead] as { at: number }).at <= at - retentionMs
    ) {
      const { id } = arrivals[arrivalHead++] as { id: string };
      const stored = records.get(id);
      if (!stored) continue;
      records.delete(id);
      recordBytes -= stored.record.byteLength;
      for (const key of stored.bucketKeys) {
        const ids = idsIn(key);
        const kept = ids.filter((other) => other !== id);
        bucketRefs -= ids.length - kept.length;
        if (kept.length === 0) buckets.delete(key);
        else buckets.set(key, kept.length === 1 ? (kept[0] as string) : kept);
      }
    }
    if (arrivalHead > 1024 && arrivalHead * 2 > arrivals.length) {
      arrivals.splice(0, arrivalHead);
      arrivalHead = 0;
    }
  }

  function insert(entry: IndexEntry, at: number): void {
    records.set(entry.id, { record: entry.record, bucketKeys: entry.bucketKeys, at });
    recordBytes += entry.record.byteLength;
    arrivals.push({ id: entry.id, at });
    for (const key of entry.bucketKeys) {
      const ids = buckets.get(key);
      if (ids === undefined) {
        buckets.set(key, entry.id);
        bucketRefs++;
      } else if (typeof ids === 'string') {
        buckets.set(key, [ids, entry.id]);
        bucketRefs++;
      } else if (ids.length < maxPerBucket) {
        ids.push(entry.id);
        bucketRefs++;
      } else {
        // Keep the bucket's first id (usually the cluster's original) and the most recent ones.
        ids.splice(1, 1);
        ids.push(entry.id);
      }
    }
  }

  return {
    async commit(entry, evaluated): Promise<CommitResult> {
      const at = now();
      expire(at);
      const existing = records.get(entry.id);
      if (existing) return { status: 'existing', record: existing.record };
      const seen = new Set(evaluated);
      seen.add(entry.id);
      const candidates: { ref: string; record: Uint8Array | null }[] = [];
      for (const key of entry.bucketKeys) {
        for (const id of idsIn(key)) {
          if (seen.has(id)) continue;
          seen.add(id);
          candidates.push({ ref: id, record: records.get(id)?.record ?? null });
        }
      }
      if (candidates.length > 0) return { status: 'candidates', candidates };
      insert(entry, at);
      return { status: 'inserted' };
    },
    insertUnchecked(entry) {
      if (!records.has(entry.id)) insert(entry, now());
    },
    stats() {
      return {
        entries: records.size,
        buckets: buckets.size,
        recordBytes,
        bytes: recordBytes + bucketRefs * BUCKET_SLOT_BYTES,
      };
    },
  };
}
