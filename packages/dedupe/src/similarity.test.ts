import { describe, expect, it } from 'vitest';
import { fingerprintDocument } from './fingerprint';
import { compareFingerprints, estimateJaccard } from './similarity';
import { lightlyEdit, syntheticArticle, truncate } from './testing';

const fingerprintOf = (text: string) => fingerprintDocument({ title: '', text }).fingerprint;

function exactJaccard(a: string, b: string): number {
  const shingles = (text: string) => {
    const words = text.toLowerCase().split(/\s+/);
    const set = new Set<string>();
    for (let i = 0; i + 5 <= words.length; i++) set.add(words.slice(i, i + 5).join(' '));
    return set;
  };
  const sa = shingles(a);
  const sb = shingles(b);
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}

describe('estimateJaccard', () => {
  it('tracks the exact 5-shingle Jaccard within a few points', () => {
    const base = syntheticArticle(11, 400).text;
    for (const [edits, seed] of [
      [5, 1],
      [20, 2],
      [40, 3],
    ] as const) {
      const edited = lightlyEdit(base, edits, seed);
      const estimate = estimateJaccard(fingerprintOf(base).signature, fingerprintOf(edited).signature);
      const exact = exactJaccard(base.replace(/[.\n]/g, ' '), edited.replace(/[.\n]/g, ' '));
      expect(Math.abs(estimate - exact)).toBeLessThan(0.12);
    }
  });
});

describe('compareFingerprints', () => {
  it('confirms a truncated copy by containment', () => {
    const base = syntheticArticle(12, 600).text;
    const result = compareFingerprints(fingerprintOf(base), fingerprintOf(truncate(base, 0.6)));
    expect(result.containment).toBeGreaterThan(0.9);
    expect(result.duplicate).toBe(true);
  });

  it('rejects two unrelated texts', () => {
    const result = compareFingerprints(
      fingerprintOf(syntheticArticle(1).text),
      fingerprintOf(syntheticArticle(2).text),
    );
    expect(result.duplicate).toBe(false);
    expect(result.similarity).toBeLessThan(0.05);
  });

  it('keeps a near-identical text apart when its figures changed', () => {
    const report = (week: number, a: number, b: number, c: number) =>
      `Freight volumes through the northern ports reached ${a} containers in the week to ${week} June, the ports authority said in its weekly bulletin on traffic and capacity. Bulk cargo stood at ${b} tonnes while passenger crossings totalled ${c}, the bulletin added, and the authority repeated that the new quay would open on schedule next spring as planned by the regional government and the port operators.`;
    const first = fingerprintOf(report(7, 18250, 94300, 61200));
    const next = fingerprintOf(report(14, 19120, 90150, 64800));
    const resent = fingerprintOf(report(7, 18250, 94300, 61200).replace('said in', 'stated in'));
    expect(compareFingerprints(first, next).duplicate).toBe(false);
    const corrected = fingerprintOf(report(7, 18250, 94800, 61200));
    expect(compareFingerprints(first, resent).duplicate).toBe(true);
    expect(compareFingerprints(first, corrected).duplicate).toBe(true);
  });
});
