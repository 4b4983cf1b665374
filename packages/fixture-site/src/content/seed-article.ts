// Owns reading the seed article (a real-world story kept verbatim in seed-article.txt) into fixture form.
import { readFileSync } from 'node:fs';

export interface SeedArticleText {
  title: string;
  paragraphs: string[];
}

/**
 * The file is laid out as blank-line separated blocks: a date line, the headline, the lead image's file
 * name, then the body paragraphs.
 */
export function parseSeedArticle(text: string): SeedArticleText {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter((block) => block.length > 0);
  const [, title, image, ...paragraphs] = blocks;
  if (!title || !image || !/\.(png|jpe?g|webp)$/i.test(image) || paragraphs.length === 0) {
    throw new Error('fixture-site: seed-article.txt is not laid out as date, title, image, paragraphs');
  }
  return { title, paragraphs };
}

export const SEED_ARTICLE_TEXT: SeedArticleText = parseSeedArticle(
  readFileSync(new URL('./seed-article.txt', import.meta.url), 'utf8'),
);
