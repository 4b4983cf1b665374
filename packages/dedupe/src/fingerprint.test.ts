import { describe, expect, it } from 'vitest';
import { BANDS, fingerprintDocument, PERMUTATIONS } from './fingerprint';
import { decodeEntry, encodeEntry } from './store';
import { syntheticArticle } from './testing';

describe('fingerprintDocument', () => {
  it('gives one bucket per band plus the exact-hash bucket', () => {
    const { fingerprint, bucketKeys } = fingerprintDocument(syntheticArticle(1));
    expect(bucketKeys).toHaveLength(BANDS + 1);
    expect(new Set(bucketKeys).size).toBe(BANDS + 1);
    expect(fingerprint.signature).toHaveLength(PERMUTATIONS);
  });

  it('is deterministic and ignores the title when there is a body', () => {
    const article = syntheticArticle(2);
    const a = fingerprintDocument(article);
    const b = fingerprintDocument({ title: 'Another headline', text: article.text });
    expect(b.bucketKeys).toEqual(a.bucketKeys);
    expect(b.fingerprint.contentHash).toBe(a.fingerprint.contentHash);
  });

  it('falls back to the title when there is no body', () => {
    const a = fingerprintDocument({ title: 'Storm closes ports along the coast', text: '' });
    const b = fingerprintDocument({ title: 'Storm closes ports along the coast', text: '  ' });
    const c = fingerprintDocument({ title: 'Storm closes airports inland', text: '' });
    expect(a.fingerprint.contentHash).toBe(b.fingerprint.contentHash);
    expect(a.fingerprint.contentHash).not.toBe(c.fingerprint.contentHash);
    expect(a.fingerprint.shingleCount).toBe(2);
  });
});

describe('encodeEntry / decodeEntry', () => {
  it('round-trips the header and the fingerprint within a bounded size', () => {
    const { fingerprint } = fingerprintDocument(syntheticArticle(3, 2000));
    const header = {
      id: 'https://example.com/a',
      verdict: { duplicateOf: 'x', cluster: 'x', similarity: 0.8, exact: false },
      indexedAt: 1_700_000_000_000,
      urlKey: 'abc',
    };
    const record = encodeEntry(header, fingerprint);
    expect(record.byteLength - JSON.stringify(header).length).toBeLessThan(1_000);
    expect(decodeEntry(record)).toEqual({ ...header, fingerprint });
  });

  it('keeps the header of a record written in another format, without its fingerprint', () => {
    const header = {
      id: 'a',
      verdict: { duplicateOf: null, cluster: 'a', similarity: null, exact: false },
      indexedAt: 1_700_000_000_000,
      urlKey: 'abc',
    };
    const record = Buffer.from(encodeEntry(header, fingerprintDocument(syntheticArticle(4)).fingerprint));
    record[record.indexOf(0x0a) + 1] = 2;
    expect(decodeEntry(record)).toEqual({ ...header, fingerprint: null });
  });
});
