import { describe, expect, it } from 'vitest';
import { compareFigures, FIGURE_FIELDS, MAX_FIGURES, sketchFigures } from './figures';
import { splitSentences, tokenize } from './text';

const sketch = (text: string) => sketchFigures(splitSentences(text).map(tokenize));
const compare = (a: string, b: string) => compareFigures(sketch(a), sketch(b));

const REPORT =
  'Ferry crossings on the Lune estuary carried 48,210 passengers in the week to March 9, the operator said. ' +
  'Freight bookings rose 3.5 pct to 1,920 trailers.\n\n' +
  'The operator expects the new terminal to open in 2027 at a cost of 61-1/2 mln crowns.';

describe('sketchFigures', () => {
  it('keeps one entry a figure, a run of numbers counting once, at most MAX_FIGURES', () => {
    // 48210, 9, 3.5, 1920, 2027 and the run "61-1/2".
    expect(sketch(REPORT)).toHaveLength(6 * FIGURE_FIELDS);
    const table = Array.from({ length: 80 }, (_, i) => `row ${i} value ${i * 7}`).join(', ');
    expect(sketch(table)).toHaveLength(MAX_FIGURES * FIGURE_FIELDS);
  });
});

describe('compareFigures', () => {
  it('pairs every figure of a copy with itself', () => {
    expect(compare(REPORT, REPORT.toUpperCase())).toEqual({
      aligned: 6,
      changed: 0,
      distinctChanges: 0,
      changedSentences: 0,
      changedDates: 0,
      moved: false,
    });
  });

  it('sees one corrected figure, counted once wherever it occurs', () => {
    const corrected = REPORT.replace('1,920 trailers', '1,290 trailers');
    expect(compare(REPORT, corrected)).toMatchObject({ aligned: 6, changed: 1, distinctChanges: 1 });
    const twice = `${REPORT} Bookings of 1,920 trailers were a record.`;
    expect(compare(twice, twice.replaceAll('1,920', '1,290'))).toMatchObject({
      changed: 2,
      distinctChanges: 1,
    });
  });

  it('keeps a figure in place when a word next to it was edited', () => {
    const edited = REPORT.replace('rose 3.5 pct', 'rose 3.5 percent');
    expect(compare(REPORT, edited)).toMatchObject({ aligned: 6, changed: 0 });
  });

  it('ignores figures only one text has: a dropped paragraph, a dated wrapper', () => {
    const [lede] = REPORT.split('\n\n');
    const wrapped = `OSLO, Mar 10 (Example Wire) - ${lede}\n\nPublished 14:05 GMT, 10 March 2024`;
    expect(compare(REPORT, wrapped)).toMatchObject({ aligned: 4, changed: 0 });
  });

  it('sees a re-filled edition: new figures in several sentences, a new date', () => {
    const next = REPORT.replace('48,210', '51,377')
      .replace('March 9', 'March 16')
      .replace('3.5 pct to 1,920', '1.2 pct to 1,943');
    expect(compare(REPORT, next)).toEqual({
      aligned: 6,
      changed: 4,
      distinctChanges: 4,
      changedSentences: 2,
      changedDates: 1,
      moved: false,
    });
  });

  it('sees a figure moved to the place of the previous one', () => {
    const rate = (today: string, before: string) =>
      `The levy is ${today} crowns a tonne against ${before} crowns before.`;
    expect(compare(rate('49.70', '50.05'), rate('50.10', '49.70'))).toMatchObject({
      changed: 2,
      moved: true,
    });
    expect(compare(rate('49.70', '50.05'), rate('50.10', '50.15'))).toMatchObject({
      changed: 2,
      moved: false,
    });
  });
});
