import { describe, expect, it } from 'vitest';
import { writeStory } from './write-story';

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function shingles(paragraphs: readonly string[]): Set<string> {
  const tokens = words(paragraphs.join(' '));
  const set = new Set<string>();
  for (let i = 0; i + 5 <= tokens.length; i++) set.add(tokens.slice(i, i + 5).join(' '));
  return set;
}

describe('writeStory', () => {
  it('writes the same story for the same seed and number, another for another', () => {
    expect(writeStory(7, 3)).toEqual(writeStory(7, 3));
    expect(writeStory(7, 3).paragraphs).not.toEqual(writeStory(7, 4).paragraphs);
    expect(writeStory(7, 3).paragraphs).not.toEqual(writeStory(8, 3).paragraphs);
  });

  it('writes 300 to 1,500 words with a headline, an author, quotes and figures', () => {
    for (let index = 0; index < 200; index++) {
      const story = writeStory(1, index);
      expect(story.words).toBeGreaterThanOrEqual(300);
      expect(story.words).toBeLessThanOrEqual(1500);
      expect(story.words).toBe(story.paragraphs.join(' ').split(/\s+/).length);
      expect(story.title.length).toBeGreaterThan(15);
      expect(story.author).toMatch(/^\S+ \S+/);
      expect(story.paragraphs[0]!.startsWith(story.summary)).toBe(true);
      const text = story.paragraphs.join(' ');
      expect(text).toMatch(/\d/);
      expect(text).not.toMatch(/\{\w+\}/);
    }
    const all = Array.from({ length: 200 }, (_, index) => writeStory(1, index).paragraphs.join(' ')).join(
      ' ',
    );
    expect(all).toMatch(/“[^”]+,” /);
  });

  it('keeps every pair of stories far from near-duplicate (5-shingle Jaccard under 0.2)', () => {
    const sets = Array.from({ length: 250 }, (_, index) => shingles(writeStory(3, index).paragraphs));
    let worst = 0;
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        let shared = 0;
        for (const shingle of sets[i]!) if (sets[j]!.has(shingle)) shared++;
        worst = Math.max(worst, shared / (sets[i]!.size + sets[j]!.size - shared));
      }
    }
    expect(worst).toBeLessThan(0.2);
  });
});
