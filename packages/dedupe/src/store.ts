// Owns the DedupeStore port, the only part of deduplication that differs between the
// in-memory index (batch command, tests) and the shared Redis index (workers), and the
// byte encoding of an index entry both use.
import { FIGURE_FIELDS, MAX_FIGURES } from './figures';
import { type Fingerprint, PERMUTATIONS } from './fingerprint';
import { MAX_SUBJECT_NAMES, NAME_FILTER_BYTES } from './subject';

export interface DedupeVerdict {
  /** The earliest original's id, or null when this document is an original. */
  duplicateOf: string | null;
  /** Cluster id: the original's id, shared by all its duplicates. */
  cluster: string;
  /** Estimated resemblance to the matched document (1 for exact copies), null for originals. */
  similarity: number | null;
  /** True when the normalised texts are identical. */
  exact: boolean;
}

export interface IndexEntry {
  id: string;
  /** Buckets this document falls in (LSH bands and the exact-hash bucket). */
  bucketKeys: readonly string[];
  /** encodeEntry(header, fingerprint): immutable once stored. */
  record: Uint8Array;
}

export interface Candidate {
  /** Opaque handle the store recognises in `evaluated`. */
  ref: string;
  /** Null when the entry expired between the bucket read and the record read. */
  record: Uint8Array | null;
}

export type CommitResult =
  /** Nothing new shared a bucket: the entry is now indexed with the verdict it carried. */
  | { status: 'inserted' }
  /** The id was already indexed (a redelivery): its stored record, verdict included. */
  | { status: 'existing'; record: Uint8Array }
  /** Entries share a bucket with this document and are not in `evaluated`: nothing was written. */
  | { status: 'candidates'; candidates: Candidate[] };

/**
 * Atomic check-and-insert. In one indivisible step the store either returns the bucket neighbours not yet
 * evaluated, or inserts the entry. Two workers racing on two copies of a story therefore serialise: the
 * second one's commit sees the first one's entry as a new candidate and must evaluate it before it can insert.
 */
export interface DedupeStore {
  commit(entry: IndexEntry, evaluated: readonly string[]): Promise<CommitResult>;
}

export interface EntryHeader {
  id: string;
  verdict: DedupeVerdict;
  /** When the entry was indexed (ms since the epoch): retention is enforced on it. */
  indexedAt: number;
  /** Short hash of the canonical URL, when the document had one. */
  urlKey: string | null;
}

export interface DecodedEntry extends EntryHeader {
  /** Null for a record written in another format version: its verdict and URL key still count. */
  fingerprint: Fingerprint | null;
}

const FORMAT_VERSION = 3;
const CONTENT_HASH_BYTES = 16;

/**
 * Layout: JSON header + "\n" + binary fingerprint (version, shingle count, content hash, signature, name
 * filter, subject names, figures). Bounded: under 1,000 bytes plus the header.
 */
export function encodeEntry(header: EntryHeader, fingerprint: Fingerprint): Uint8Array {
  const { id, verdict, indexedAt, urlKey } = header;
  const json = Buffer.from(`${JSON.stringify({ id, verdict, indexedAt, urlKey })}\n`, 'utf8');
  const hash = Buffer.from(fingerprint.contentHash, 'base64url').subarray(0, CONTENT_HASH_BYTES);
  const subject = fingerprint.subject.subarray(0, MAX_SUBJECT_NAMES);
  const names = Buffer.from(fingerprint.names.buffer, fingerprint.names.byteOffset, NAME_FILTER_BYTES);
  const figures = fingerprint.figures.subarray(0, MAX_FIGURES * FIGURE_FIELDS);
  const body = Buffer.alloc(
    1 +
      4 +
      CONTENT_HASH_BYTES +
      2 * PERMUTATIONS +
      NAME_FILTER_BYTES +
      1 +
      4 * subject.length +
      2 * figures.length,
  );
  let offset = body.writeUInt8(FORMAT_VERSION, 0);
  offset = body.writeUInt32LE(fingerprint.shingleCount, offset);
  offset += hash.copy(body, offset);
  for (const value of fingerprint.signature) offset = body.writeUInt16LE(value, offset);
  offset += names.copy(body, offset);
  offset = body.writeUInt8(subject.length, offset);
  for (const value of subject) offset = body.writeUInt32LE(value, offset);
  for (const value of figures) offset = body.writeUInt16LE(value, offset);
  return Buffer.concat([json, body]);
}

export function decodeEntry(record: Uint8Array): DecodedEntry {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new Error('dedupe: index record without header');
  const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as EntryHeader;
  const body = bytes.subarray(newline + 1);
  if (body.readUInt8(0) !== FORMAT_VERSION) return { ...header, fingerprint: null };
  let offset = 1;
  const shingleCount = body.readUInt32LE(offset);
  offset += 4;
  const contentHash = body.subarray(offset, offset + CONTENT_HASH_BYTES).toString('base64url');
  offset += CONTENT_HASH_BYTES;
  const signature = new Uint16Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++, offset += 2) signature[i] = body.readUInt16LE(offset);
  const names = Uint8Array.from(body.subarray(offset, offset + NAME_FILTER_BYTES));
  offset += NAME_FILTER_BYTES;
  const subject = new Uint32Array(body.readUInt8(offset));
  offset += 1;
  for (let i = 0; i < subject.length; i++, offset += 4) subject[i] = body.readUInt32LE(offset);
  const figures = new Uint16Array(Math.min((body.length - offset) / 2, MAX_FIGURES * FIGURE_FIELDS));
  for (let i = 0; i < figures.length; i++, offset += 2) figures[i] = body.readUInt16LE(offset);
  return { ...header, fingerprint: { contentHash, signature, shingleCount, figures, subject, names } };
}
