// Owns the site's structure: its name, sections, article lookup, related-story choice and teasers.
import type { FixtureArticle } from './fixture-article';

export const SITE_NAME = 'The Northgate Courier';

export const SECTIONS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'world', label: 'World' },
  { id: 'politics', label: 'Politics' },
  { id: 'business', label: 'Business' },
  { id: 'technology', label: 'Technology' },
  { id: 'sport', label: 'Sport' },
  { id: 'culture', label: 'Culture' },
  { id: 'local', label: 'Local' },
  { id: 'wire', label: 'Wire' },
];

export function sectionLabel(sectionId: string): string {
  return SECTIONS.find((section) => section.id === sectionId)?.label ?? sectionId;
}

export function newestFirst(articles: readonly FixtureArticle[]): FixtureArticle[] {
  return [...articles].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
}

/** First sentence of the lead paragraph, capped at 30 words, as a related-story or listing teaser. */
export function teaserOf(article: FixtureArticle): string {
  const lead = article.paragraphs[0] ?? '';
  const firstSentence = lead.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? lead;
  const words = firstSentence.split(/\s+/);
  return words.length > 30 ? `${words.slice(0, 30).join(' ')}…` : firstSentence;
}

/**
 * Five other stories, same section first, then nearest in time; never the article itself or another
 * copy of the same story.
 */
export function relatedStories(article: FixtureArticle, all: readonly FixtureArticle[]): FixtureArticle[] {
  const storyOf = (candidate: FixtureArticle) => candidate.syndicationOf ?? candidate.slug;
  const published = Date.parse(article.publishedAt);
  return all
    .filter((candidate) => storyOf(candidate) !== storyOf(article))
    .map((candidate) => ({
      candidate,
      otherSection: candidate.section === article.section ? 0 : 1,
      distance: Math.abs(Date.parse(candidate.publishedAt) - published),
    }))
    .sort((a, b) => a.otherSection - b.otherSection || a.distance - b.distance)
    .slice(0, 5)
    .map(({ candidate }) => candidate);
}
