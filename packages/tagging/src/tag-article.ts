// Owns tagArticle: one article in, its topics (with evidence) and named entities out.
import { findCountries } from './countries';
import { findPeopleAndOrganizations } from './people';
import type { Taxonomy } from './taxonomy';
import { isAllCaps, isTitleCase, tokenize } from './tokenize';
import { scoreTopics, type TopicScore } from './topic-matcher';

export interface ArticleToTag {
  title: string;
  text: string;
}

export interface ArticleTags {
  topics: TopicScore[];
  entities: {
    countries: { code: string; name: string }[];
    people: { name: string }[];
    organizations: { name: string }[];
  };
}

/**
 * Only the first 50,000 characters of the body are read (several times a long news story, about 8,000
 * words), so a runaway page costs at most a few milliseconds more than a long article.
 */
export const TEXT_LIMIT = 50_000;

/** The body up to TEXT_LIMIT, cut at a word boundary. */
function boundedText(text: string): string {
  if (text.length <= TEXT_LIMIT) return text;
  const cut = text.lastIndexOf(' ', TEXT_LIMIT);
  return text.slice(0, cut > 0 ? cut : TEXT_LIMIT);
}

export function tagArticle(article: ArticleToTag, taxonomy: Taxonomy): ArticleTags {
  const title = (article.title ?? '').slice(0, 1_000);
  const text = boundedText(article.text ?? '');
  const titleIsAllCaps = isAllCaps(title);
  const topics = scoreTopics(taxonomy, tokenize(title), tokenize(text));
  // Capitals say nothing about names in a headline written in capitals or Title Case.
  const { people, organizations } = findPeopleAndOrganizations(
    title,
    text,
    !titleIsAllCaps && !isTitleCase(title),
  );
  return {
    topics,
    entities: { countries: findCountries(title, text, titleIsAllCaps), people, organizations },
  };
}
