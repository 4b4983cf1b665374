// Golden-file tests on real pages from the Zyte article-extraction benchmark (testdata/LICENSE):
// the extracted fields must match the stored golden files (UPDATE_GOLDEN=1 rewrites them), and the
// body must agree with the benchmark's hand-made ground truth on the benchmark's own measure.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract-article';

const testdata = new URL('./testdata/', import.meta.url);
const groundTruth: Record<string, { url: string; articleBody: string }> = JSON.parse(
  readFileSync(new URL('ground-truth.json', testdata), 'utf8'),
);

/** The benchmark's F1: 4-word shingles of word tokens compared as multisets. */
function shingleF1(predicted: string, expected: string): number {
  const shingles = (text: string): string[] => {
    const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
    if (words.length < 4) return words.length === 0 ? [] : [words.join(' ')];
    return words.slice(0, -3).map((_, index) => words.slice(index, index + 4).join(' '));
  };
  const counts = new Map<string, number>();
  for (const shingle of shingles(expected)) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  const predictedShingles = shingles(predicted);
  let truePositives = 0;
  for (const shingle of predictedShingles) {
    const count = counts.get(shingle) ?? 0;
    if (count > 0) {
      truePositives++;
      counts.set(shingle, count - 1);
    }
  }
  const precision = truePositives / predictedShingles.length;
  const recall = truePositives / shingles(expected).length;
  return (2 * precision * recall) / (precision + recall);
}

describe('extractArticle on benchmark pages', () => {
  it.each(Object.entries(groundTruth))('%s matches its golden file and the ground truth', (id, page) => {
    const html = readFileSync(new URL(`${id}.html`, testdata), 'utf8');
    const result = extractArticle(html, page.url);
    const golden = {
      title: result.title,
      byline: result.byline,
      authors: result.authors,
      publishedAt: result.publishedAt,
      modifiedAt: result.modifiedAt,
      language: result.language,
      canonicalUrl: result.canonicalUrl,
      siteName: result.siteName,
      leadImage: result.leadImage,
      method: result.method,
      wordCount: result.wordCount,
      text: result.text,
    };
    const goldenFile = new URL(`${id}.golden.json`, testdata);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, `${JSON.stringify(golden, null, 2)}\n`);
    expect(golden).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
    expect(shingleF1(result.text, page.articleBody)).toBeGreaterThan(0.9);
    expect(result.html).not.toMatch(/<script|<iframe|\son\w+=|javascript:/i);
  });
});
