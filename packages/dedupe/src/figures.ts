// Owns the figures a text quotes and where they sit: each figure with the two words on either
// side of it, the sentence it is in and whether it is a date. Two copies of one article quote
// the same figure in the same place; a corrected figure or sentence changes one place or one
// sentence; a recurring report re-filled for a new day or week keeps its wording and changes
// its date and the figures throughout, quoting last edition's figures as the previous ones;
// a figure in text only one side has (a dropped paragraph, a wrapper's date) sits in no
// shared place and says nothing either way.
import { hashString } from './hash';

/** Figures kept per text, in text order: all of them in nearly every article, a dense table's first rows. */
export const MAX_FIGURES = 32;
/** Values per figure in a sketch: left context, right context, value, sentence number with the date bit. */
export const FIGURE_FIELDS = 4;
/** Words of context on each side of a figure. */
const CONTEXT_WORDS = 2;
const NO_CONTEXT = 0;
const DATE_BIT = 0x8000;
const MAX_SENTENCE = DATE_BIT - 1;

const isNumber = (token: string) => /^\d+(?:\.\d+)?$/.test(token);
const MONTHS = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);
/** A figure next to a month: "March 26", "26 March", "April 2, 1987". */
const isDate = (before: string | undefined, after: string | undefined) =>
  MONTHS.has(before ?? '') || MONTHS.has(after ?? '');

function hash16(text: string, seed: number): number {
  // 0 is reserved for "no context" (start or end of the text, or only figures around).
  return hashString(text, seed) % 0xffff || 0xffff;
}

function contextHash(words: readonly string[], seed: number): number {
  return words.some((word) => word !== '#') ? hash16(words.join(' '), seed) : NO_CONTEXT;
}

/**
 * Left context, right context, value (16-bit hashes) and sentence number (with DATE_BIT for dates) of each
 * figure, in a flat array of FIGURE_FIELDS values a figure, at most MAX_FIGURES figures. `sentences` are the
 * text's sentences as tokens.
 * A run of numbers is one figure ("61-1/2", "2004/08" and "March 26, 1987" tokenise to adjacent numbers);
 * figures in a context are masked so a re-filled row keeps its place.
 */
export function sketchFigures(sentences: readonly (readonly string[])[]): Uint16Array {
  const words: string[] = [];
  const values: (string | null)[] = [];
  const sentenceOf: number[] = [];
  sentences.forEach((tokens, sentence) => {
    for (const token of tokens) {
      const last = values.length - 1;
      if (isNumber(token) && values[last] != null && sentenceOf[last] === sentence) {
        values[last] = `${values[last]} ${token}`;
        continue;
      }
      const figure = isNumber(token);
      words.push(figure ? '#' : token);
      values.push(figure ? token : null);
      sentenceOf.push(sentence);
    }
  });
  const sketch: number[] = [];
  for (let i = 0; i < words.length && sketch.length < MAX_FIGURES * FIGURE_FIELDS; i++) {
    const value = values[i];
    if (value == null) continue;
    sketch.push(
      contextHash(words.slice(Math.max(0, i - CONTEXT_WORDS), i), 0x3c6ef372),
      contextHash(words.slice(i + 1, i + 1 + CONTEXT_WORDS), 0xa54ff53a),
      hash16(value, 0x510e527f),
      Math.min(sentenceOf[i] as number, MAX_SENTENCE) | (isDate(words[i - 1], words[i + 1]) ? DATE_BIT : 0),
    );
  }
  return Uint16Array.from(sketch);
}

export interface FigureComparison {
  /** Figures of one text paired with a figure in the same place in the other. */
  aligned: number;
  /** Aligned figures whose values differ. */
  changed: number;
  /** Distinct (old value, new value) changes: a figure corrected wherever it occurs counts once. */
  distinctChanges: number;
  /** Sentences of the first text holding a changed figure. */
  changedSentences: number;
  /** Changed figures that are dates: another day's or week's edition of a report. */
  changedDates: number;
  /**
   * A changed figure's old value is another changed figure's new value: last edition's figure quoted as the
   * previous one ("49.70 versus 50.05 previously" then "50.10 versus 49.70 previously").
   */
  moved: boolean;
}

/**
 * Pairs the figures of two texts, most certain pairs first, each figure at most once: the same value in the
 * same place, the same value with one side of its place kept (a word edited next to it), then places alike on
 * both sides, then on one side (a re-filled row whose neighbour word changed too) with different values.
 */
export function compareFigures(a: Uint16Array, b: Uint16Array): FigureComparison {
  const countA = a.length / FIGURE_FIELDS;
  const countB = b.length / FIGURE_FIELDS;
  const usedA = new Uint8Array(countA);
  const usedB = new Uint8Array(countB);
  let aligned = 0;
  let changed = 0;
  const changes = new Set<number>();
  const oldValues = new Set<number>();
  const newValues = new Set<number>();
  const sentences = new Set<number>();
  let changedDates = 0;

  const field = (sketch: Uint16Array, figure: number, offset: number) =>
    sketch[figure * FIGURE_FIELDS + offset] as number;
  const leftAlike = (i: number, j: number) =>
    field(a, i, 0) !== NO_CONTEXT && field(a, i, 0) === field(b, j, 0);
  const rightAlike = (i: number, j: number) =>
    field(a, i, 1) !== NO_CONTEXT && field(a, i, 1) === field(b, j, 1);
  const sameValue = (i: number, j: number) => field(a, i, 2) === field(b, j, 2);
  const pair = (matches: (i: number, j: number) => boolean) => {
    for (let i = 0; i < countA; i++) {
      if (usedA[i]) continue;
      for (let j = 0; j < countB; j++) {
        if (usedB[j] || !matches(i, j)) continue;
        usedA[i] = 1;
        usedB[j] = 1;
        aligned++;
        if (!sameValue(i, j)) {
          changed++;
          changes.add(field(a, i, 2) * 0x10000 + field(b, j, 2));
          oldValues.add(field(a, i, 2));
          newValues.add(field(b, j, 2));
          sentences.add(field(a, i, 3) & MAX_SENTENCE);
          if (field(a, i, 3) & DATE_BIT || field(b, j, 3) & DATE_BIT) changedDates++;
        }
        break;
      }
    }
  };

  pair((i, j) => sameValue(i, j) && leftAlike(i, j) && rightAlike(i, j));
  pair((i, j) => sameValue(i, j) && (leftAlike(i, j) || rightAlike(i, j)));
  pair((i, j) => leftAlike(i, j) && rightAlike(i, j));
  pair((i, j) => leftAlike(i, j) || rightAlike(i, j));
  return {
    aligned,
    changed,
    distinctChanges: changes.size,
    changedSentences: sentences.size,
    changedDates,
    moved: [...oldValues].some((value) => newValues.has(value)),
  };
}
