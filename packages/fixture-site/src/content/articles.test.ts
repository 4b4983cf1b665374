import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FixtureTopic } from '../fixture-article';
import { FIXTURE_ARTICLES } from './articles';
import { parseSeedArticle } from './seed-article';

const TOPICS: FixtureTopic[] = [
  'sanctions',
  'arms-trade',
  'military-cooperation',
  'nuclear-weapons',
  'humanitarian-aid',
  'diplomacy',
  'armed-conflict',
  'elections',
  'energy',
  'trade',
  'cyber',
];

const wordCount = (paragraphs: string[]) => paragraphs.join(' ').split(/\s+/).length;
const originals = FIXTURE_ARTICLES.filter((article) => article.syndicationOf === null);

describe('FIXTURE_ARTICLES', () => {
  it('has at least 22 articles with unique slugs and paths that end in their slug', () => {
    expect(FIXTURE_ARTICLES.length).toBeGreaterThanOrEqual(22);
    expect(new Set(FIXTURE_ARTICLES.map((article) => article.slug)).size).toBe(FIXTURE_ARTICLES.length);
    expect(new Set(FIXTURE_ARTICLES.map((article) => article.path)).size).toBe(FIXTURE_ARTICLES.length);
    for (const article of FIXTURE_ARTICLES) {
      expect(article.path).toMatch(new RegExp(`^/${article.section}/\\d{4}/\\d{2}/\\d{2}/${article.slug}$`));
      expect(article.path).toContain(article.publishedAt.slice(0, 10).replaceAll('-', '/'));
      expect(new Date(article.publishedAt).toISOString().replace('.000', '')).toBe(article.publishedAt);
      for (const topic of article.expectedTopics) expect(TOPICS).toContain(topic);
    }
  });

  it('keeps every written article between 4 and 8 paragraphs and 250 and 600 words', () => {
    for (const article of originals.filter((candidate) => !candidate.seed)) {
      expect(article.paragraphs.length, article.slug).toBeGreaterThanOrEqual(4);
      expect(article.paragraphs.length, article.slug).toBeLessThanOrEqual(8);
      expect(wordCount(article.paragraphs), article.slug).toBeGreaterThanOrEqual(250);
      expect(wordCount(article.paragraphs), article.slug).toBeLessThanOrEqual(600);
    }
  });

  it('covers every topic at least twice and has at least four articles with no topic', () => {
    for (const topic of TOPICS) {
      expect(
        originals.filter((article) => article.expectedTopics.includes(topic)).length,
        topic,
      ).toBeGreaterThanOrEqual(2);
    }
    expect(originals.filter((article) => article.expectedTopics.length === 0).length).toBeGreaterThanOrEqual(
      4,
    );
  });

  it('carries the seed article verbatim, split into paragraphs', () => {
    const seeds = FIXTURE_ARTICLES.filter((article) => article.seed);
    expect(seeds).toHaveLength(1);
    const [seed] = seeds;
    expect(seed).toMatchObject({
      title: 'Putin and Kim: Allies seeking military support',
      publishedAt: expect.stringMatching(/^2024-09-20T/),
      expectedTopics: ['sanctions', 'arms-trade', 'military-cooperation'],
    });
    expect(seed!.paragraphs.length).toBeGreaterThanOrEqual(4);
    const source = readFileSync(new URL('./seed-article.txt', import.meta.url), 'utf8');
    const body = source.slice(source.indexOf(seed!.paragraphs[0]!));
    expect(seed!.paragraphs.join(' ')).toBe(body.replace(/\s+/g, ' ').trim());
  });

  it('has a syndicated copy that differs from its original only by headline, credit line and footer', () => {
    const copies = FIXTURE_ARTICLES.filter((article) => article.syndicationOf !== null);
    expect(copies.length).toBeGreaterThanOrEqual(1);
    for (const copy of copies) {
      const original = FIXTURE_ARTICLES.find((article) => article.slug === copy.syndicationOf);
      expect(original?.syndicationOf).toBeNull();
      expect(copy.title).not.toBe(original!.title);
      expect(copy.expectedTopics).toEqual(original!.expectedTopics);
      expect(copy.paragraphs[0]).toBe(`(Newswire) — ${original!.paragraphs[0]}`);
      expect(copy.paragraphs.slice(1, -1)).toEqual(original!.paragraphs.slice(1));
      expect(copy.paragraphs.at(-1)).toMatch(/Copyright Newswire/);
    }
  });
});

describe('parseSeedArticle', () => {
  it.each([
    ['no image line', 'September 20, 2024\n\nTitle\n\nFirst paragraph.\n\nSecond.'],
    ['no body', 'September 20, 2024\n\nTitle\n\nphoto.png\n'],
    ['empty file', ''],
  ])('rejects a file with %s', (_, text) => {
    expect(() => parseSeedArticle(text)).toThrow(/fixture-site: seed-article.txt/);
  });

  it('joins wrapped lines and drops the date and image lines', () => {
    expect(parseSeedArticle('Friday 20, 2024\n\nA title\n\n\nx.png\n\nOne\ntwo.\n\nThree.\n')).toEqual({
      title: 'A title',
      paragraphs: ['One two.', 'Three.'],
    });
  });
});
