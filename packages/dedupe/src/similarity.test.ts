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

// A weekly report of an invented grain board: the kind that is re-sent corrected and re-filled next week.
function grainReport(edition: {
  week: string;
  wheat: string;
  barley: string;
  season: string;
  target: string;
}): string {
  return [
    `Grain exports from the eastern ports of Valdoria totalled ${edition.wheat} tonnes of wheat and ${edition.barley} tonnes of barley in the week ended ${edition.week}, the national grain board said in its weekly shipping report.`,
    `Cumulative exports for the season that began on August 1 reached ${edition.season} tonnes, against a target of ${edition.target} mln tonnes set by the agriculture ministry, the board said.`,
    'Shipments in the previous season amounted to 3,950,300 tonnes of wheat and 910,000 tonnes of barley. The board did not give a breakdown by destination.',
  ].join('\n\n');
}

const MAY_14 = { week: 'May 14', wheat: '182,400', barley: '36,150', season: '3,212,700', target: '4.5' };

// A story long enough to be truncated and edited, written for these tests.
const PLANT_STORY = [
  'The regional council of Eastmere approved on Thursday a plan to turn the disused Harlow Street power station into a library, a market hall and 240 flats, ending a dispute that had lasted almost a decade.',
  'Councillors voted 31 to 9 in favour after a debate of more than three hours, during which residents packed the public gallery and several speakers asked for more social housing on the site.',
  'The developer, a partnership of two local building firms, said work on the market hall would begin next spring and that the first flats should be ready in 2028, subject to a final review of the costs.',
  'Critics said the council had given away too much. "The town gets a library and a market, but the developer keeps the most valuable part of the riverside," said Maren Holt, who leads the opposition group.',
  'The station closed in 2011 and its chimney, a local landmark, will be kept as part of the design. Engineers have yet to decide how to clean the ground beneath the old coal yard.',
  'The council expects to sign the contract by the end of the year once the regional planning office has confirmed the decision.',
].join('\n\n');

describe('compareFingerprints on the kinds a news stream carries', () => {
  it.each([
    ['a wire revision correcting one word', grainReport(MAY_14).replace('totalled', 'amounted to')],
    [
      'a wire revision correcting one sentence',
      grainReport(MAY_14).replace(
        'The board did not give a breakdown by destination.',
        'The board gave no breakdown of shipments by destination or by port.',
      ),
    ],
    ['a wire revision correcting one figure', grainReport({ ...MAY_14, barley: '38,150' })],
    [
      'a wire revision correcting the figures of one sentence',
      grainReport({ ...MAY_14, season: '3,221,700', target: '4.6' }),
    ],
  ])('collapses %s', (_, revision) => {
    const result = compareFingerprints(fingerprintOf(grainReport(MAY_14)), fingerprintOf(revision));
    expect(result.duplicate).toBe(true);
  });

  it('keeps the next edition of a recurring report apart, re-filled throughout or only in its date and one figure', () => {
    const original = fingerprintOf(grainReport(MAY_14));
    const nextWeek = {
      week: 'May 21',
      wheat: '176,900',
      barley: '41,300',
      season: '3,430,950',
      target: '4.5',
    };
    const refilled = compareFingerprints(original, fingerprintOf(grainReport(nextWeek)));
    expect(refilled).toMatchObject({ duplicate: false, refilled: true });
    expect(refilled.similarity).toBeGreaterThan(0.4);
    const quietWeek = compareFingerprints(
      original,
      fingerprintOf(grainReport({ ...MAY_14, week: 'May 21', barley: '0' })),
    );
    expect(quietWeek).toMatchObject({ duplicate: false, refilled: true });
  });

  it('keeps a daily rate sheet apart when only one row changed, last edition quoted as the previous rate', () => {
    const sheet = (refined: string, previous: string) =>
      `The following import levies for refined and raw beet sugar take effect tomorrow, in units of account per 100 kilos.\n\nRefined sugar, all grades ${refined} versus ${previous} previously.\n\nRaw sugar, all grades 41.35 versus 41.35 previously.\n\nThe raw rate is based on a 92 pct yield.`;
    const today = fingerprintOf(sheet('49.70', '50.05'));
    expect(compareFingerprints(today, fingerprintOf(sheet('50.10', '49.70')))).toMatchObject({
      duplicate: false,
      refilled: true,
    });
    expect(compareFingerprints(today, fingerprintOf(sheet('49.07', '50.05'))).duplicate).toBe(true);
  });

  it('collapses combined edits: a syndication wrap over a lightly edited, truncated or cut copy', () => {
    const paragraphs = PLANT_STORY.split('\n\n');
    const edited = paragraphs
      .slice(0, 5)
      .filter((_, index) => index !== 2)
      .join('\n\n')
      .replace('said Maren Holt', 'according to Maren Holt')
      .replace('more than three hours', 'over three hours');
    const copy = `BRUSSELS, Nov 28 (Example Wire) - ${edited}\n\nCopyright Example Wire. All rights reserved.\nRead more: Example Wire.`;
    const result = compareFingerprints(fingerprintOf(PLANT_STORY), fingerprintOf(copy));
    expect(result.duplicate).toBe(true);
  });
});
