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
 * People and organisations are read from the first 50,000 characters (several times a long news story):
 * the NLP pass is the costly part of tagging, and a runaway page must not stall the stage.
 */
const ENTITY_TEXT_LIMIT = 50_000;

export function tagArticle(article: ArticleToTag, taxonomy: Taxonomy): ArticleTags {
  const title = article.title ?? '';
  const text = article.text ?? '';
  const titleIsAllCaps = isAllCaps(title);
  const topics = scoreTopics(taxonomy, tokenize(title), tokenize(text));
  // Capitals say nothing about names in a headline written in capitals or Title Case.
  const { people, organizations } = findPeopleAndOrganizations(
    title,
    text.slice(0, ENTITY_TEXT_LIMIT),
    !titleIsAllCaps && !isTitleCase(title),
  );
  return {
    topics,
    entities: { countries: findCountries(title, text, titleIsAllCaps), people, organizations },
  };
}
