// Owns page metadata: JSON-LD (Article and its subtypes, also inside @graph), OpenGraph, Twitter
// and plain meta tags, <link rel=canonical>, <html lang>. Sources are tried from most to least explicit.
import { parseDate, resolveHttpUrl } from '@newsq/web-text';
import type { DomDocument, DomElement } from './dom';

export interface PageMetadata {
  title: string | null;
  authors: string[];
  publishedAt: string | null;
  modifiedAt: string | null;
  language: string | null;
  canonicalUrl: string | null;
  siteName: string | null;
  leadImage: string | null;
  description: string | null;
  /** articleBody of a JSON-LD Article, when the page declares one. */
  jsonLdBody: string | null;
}

type JsonObject = Record<string, unknown>;

const ARTICLE_TYPE =
  /^(?:\w+)?(?:Article|BlogPosting|NewsArticle|Report|LiveBlogPosting|SocialMediaPosting)$/;

/** JSON-LD blocks are read from the page text (compacting keeps them), not walked for in the DOM. */
const JSON_LD_SCRIPT =
  /<script\b[^>]*\btype\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script\s*>/gi;

export function readJsonLd(html: string): JsonObject[] {
  const objects: JsonObject[] = [];
  for (const match of html.matchAll(JSON_LD_SCRIPT)) {
    const parsed = parseLenientJson(match[1] ?? '');
    if (parsed !== undefined) collectObjects(parsed, objects, 0);
  }
  return objects;
}

function parseLenientJson(source: string): unknown {
  const trimmed = source.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '');
  try {
    return JSON.parse(trimmed);
  } catch {
    // Raw control characters inside strings are the commonest publisher mistake; browsers' JSON-LD
    // consumers tolerate them, so retry with them turned into spaces.
    try {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the target
      return JSON.parse(trimmed.replace(/[\u0000-\u001f]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

function collectObjects(value: unknown, into: JsonObject[], depth: number): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectObjects(item, into, depth + 1);
    return;
  }
  const object = value as JsonObject;
  into.push(object);
  collectObjects(object['@graph'], into, depth + 1);
  collectObjects(object.mainEntity, into, depth + 1);
}

function typesOf(object: JsonObject): string[] {
  const type = object['@type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function isArticle(object: JsonObject): boolean {
  return typesOf(object).some((type) => ARTICLE_TYPE.test(type));
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.replace(/\s+/g, ' ').trim();
    return trimmed === '' ? null : trimmed;
  }
  if (Array.isArray(value)) return stringOf(value[0]);
  return null;
}

function namesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(namesOf);
  if (typeof value === 'string') return value.split(/\s*(?:,|\band\b)\s*/).filter((name) => name !== '');
  if (value !== null && typeof value === 'object') {
    const name = stringOf((value as JsonObject).name);
    return name === null ? [] : [name];
  }
  return [];
}

function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return urlOf(value[0]);
  if (value !== null && typeof value === 'object') return urlOf((value as JsonObject).url);
  return null;
}

/**
 * A page's publication or modification date, ISO 8601 UTC. Years outside news publishing are CMS
 * placeholders (the Unix epoch, year 1) or typos, not dates.
 */
export function parsePageDate(value: string | null | undefined): string | null {
  const date = parseDate(value);
  if (date === null) return null;
  const year = Number(date.slice(0, 4));
  return year < 1990 || year > 2100 ? null : date;
}

/** One pass over <meta>: each querySelector is a full walk of the document in linkedom. */
function readMetaTags(document: DomDocument): Map<string, string> {
  const tags = new Map<string, string>();
  for (const element of Array.from(document.querySelectorAll('meta'))) {
    const key =
      element.getAttribute('property') ??
      element.getAttribute('name') ??
      element.getAttribute('itemprop') ??
      element.getAttribute('http-equiv');
    const content = element.getAttribute('content')?.replace(/\s+/g, ' ').trim();
    if (key && content && !tags.has(key.toLowerCase())) tags.set(key.toLowerCase(), content);
  }
  return tags;
}

function firstOf(tags: Map<string, string>, ...keys: string[]): string | null {
  for (const key of keys) {
    const content = tags.get(key);
    if (content) return content;
  }
  return null;
}

function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of names) {
    const name = raw.replace(/^by\s+/i, '').trim();
    // Profile URLs appear in article:author; they are not names.
    if (name === '' || /^https?:\/\//.test(name) || name.length > 80) continue;
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      result.push(name);
    }
  }
  return result;
}

export function readMetadata(document: DomDocument, html: string, pageUrl: string): PageMetadata {
  const jsonLd = readJsonLd(html);
  const tags = readMetaTags(document);
  const article = jsonLd.find(isArticle) ?? null;
  const publisher = article?.publisher as JsonObject | undefined;
  const website = jsonLd.find((object) => typesOf(object).includes('WebSite'));

  const canonicalHref = (document.querySelector('link[rel="canonical"]') as DomElement | null)?.getAttribute(
    'href',
  );
  const htmlLang = document.documentElement?.getAttribute('lang');
  const language =
    htmlLang || (firstOf(tags, 'content-language', 'og:locale', 'language') ?? stringOf(article?.inLanguage));

  const metaAuthors = [firstOf(tags, 'author', 'article:author', 'dc.creator', 'parsely-author')].filter(
    (name): name is string => name !== null,
  );

  const jsonLdAuthors = uniqueNames(namesOf(article?.author));

  return {
    title: stringOf(article?.headline) ?? firstOf(tags, 'og:title', 'twitter:title'),
    authors: jsonLdAuthors.length > 0 ? jsonLdAuthors : uniqueNames(metaAuthors),
    publishedAt:
      parsePageDate(stringOf(article?.datePublished)) ??
      parsePageDate(
        firstOf(tags, 'article:published_time', 'datepublished', 'pubdate', 'publishdate', 'date', 'dc.date'),
      ) ??
      parsePageDate(document.querySelector('time[datetime]')?.getAttribute('datetime')),
    modifiedAt:
      parsePageDate(stringOf(article?.dateModified)) ??
      parsePageDate(firstOf(tags, 'article:modified_time', 'og:updated_time', 'datemodified')),
    language: language ? language.trim().replace(/_/g, '-') || null : null,
    canonicalUrl: resolveHttpUrl(canonicalHref, pageUrl) ?? resolveHttpUrl(firstOf(tags, 'og:url'), pageUrl),
    siteName:
      firstOf(tags, 'og:site_name', 'application-name') ??
      stringOf(publisher?.name) ??
      stringOf(website?.name),
    leadImage:
      resolveHttpUrl(
        firstOf(tags, 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'),
        pageUrl,
      ) ?? resolveHttpUrl(urlOf(article?.image), pageUrl),
    description: firstOf(tags, 'og:description', 'description', 'twitter:description'),
    jsonLdBody: typeof article?.articleBody === 'string' ? article.articleBody : null,
  };
}

const TITLE_SEPARATOR = /\s+[|\-–—·:»]\s+/;

/**
 * Titles in meta tags often carry the site name ("Story - Site"). It is cut when it is the site's
 * name or when Readability's own title (which strips such parts) is the remaining piece.
 */
export function cleanTitle(title: string, siteName: string | null, readabilityTitle: string | null): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const site = siteName?.toLowerCase().trim();
  const first = parts[0]!.toLowerCase();
  const last = parts[parts.length - 1]!.toLowerCase();
  if (site && last === site)
    return title.slice(0, title.toLowerCase().lastIndexOf(last)).replace(/[\s|\-–—·:»]+$/, '');
  if (site && first === site) return title.slice(parts[0]!.length).replace(/^[\s|\-–—·:»]+/, '');
  if (readabilityTitle && readabilityTitle.length < title.length && title.startsWith(readabilityTitle)) {
    return readabilityTitle;
  }
  return title;
}
