// Owns extractArticle: Readability on a linkedom document as the core, with metadata from JSON-LD and
// meta tags, boilerplate rules around Readability, JSON-LD articleBody as a cross-check, and the feed
// summary as the last resort. The sanitizer runs last on every HTML body.
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import { escapeHtmlText, resolveHttpUrl } from '@newsq/web-text';
import { removePageFurniture, trimArticleBoilerplate } from './boilerplate';
import { compactPageHtml } from './compact-page-html';
import { type DomDocument, type DomElement, parseDocument } from './dom';
import { ExtractError } from './errors';
import { countWords, htmlToText } from './html-text';
import { filterByJsonLdBody, jsonLdBodyText } from './json-ld-body';
import { cleanTitle, type PageMetadata, parsePageDate, readMetadata } from './metadata';
import { sanitizeHtml } from './sanitize-html';

export interface ExtractFallback {
  title?: string | null;
  summary?: string | null;
  publishedAt?: string | null;
}

export interface ExtractOptions {
  fallback?: ExtractFallback;
  /** Checked between phases; a pool enforces it strictly by terminating the thread. */
  timeBudgetMs?: number;
  /** The html is already `compactPageHtml`'s output (the fetch stage enqueues that form): not compacted again. */
  compacted?: boolean;
}

/** The page's metadata (authors, dates, language, canonical URL, site, image) with the article itself. */
export interface ExtractResult extends Omit<PageMetadata, 'title' | 'description' | 'jsonLdBody'> {
  title: string;
  byline: string | null;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  /** Sanitized allow-list HTML. */
  html: string;
  wordCount: number;
  /** Which method produced the body: readability, readability+json-ld, json-ld, feed-fallback. */
  method: string;
  warnings: string[];
}

export const DEFAULT_TIME_BUDGET_MS = 10_000;
/** Below this many words an extraction is treated as a miss (paywall stub, video page, error page). */
export const MIN_BODY_WORDS = 25;

interface Body {
  text: string;
  html: string;
  method: string;
}

export function extractArticle(html: string, url: string, options: ExtractOptions = {}): ExtractResult {
  const deadline = performance.now() + (options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const checkBudget = (phase: string): void => {
    if (performance.now() > deadline)
      throw new ExtractError('extract_timeout', `extract: time budget exceeded while ${phase}`);
  };
  const warnings: string[] = [];
  const fallback = options.fallback ?? {};

  let metadata: PageMetadata | null = null;
  let readabilityTitle: string | null = null;
  let byline: string | null = null;
  let body: Body | null = null;
  if (html.trim() !== '') {
    try {
      const page = options.compacted ? html : compactPageHtml(html);
      const document = parseDocument(page);
      checkBudget('parsing');
      metadata = readMetadata(document, page, url);
      const article = readArticle(document, metadata, url, warnings);
      checkBudget('running Readability');
      readabilityTitle = article.title;
      byline = article.byline;
      body = article.body;
    } catch (error) {
      if (error instanceof ExtractError && error.code === 'extract_timeout') throw error;
      warnings.push(`extract: extraction failed: ${(error as Error).message ?? String(error)}`);
    }
  }

  const metaTitle = metadata?.title ? cleanTitle(metadata.title, metadata.siteName, readabilityTitle) : null;
  const title = metaTitle ?? readabilityTitle ?? fallback.title ?? '';
  const bodyWords = body ? countWords(body.text) : 0;
  if (bodyWords < MIN_BODY_WORDS) {
    const summary = fallback.summary ? summaryText(fallback.summary) : '';
    if (countWords(summary) > bodyWords) {
      warnings.push(`extract: page body too short (${bodyWords} words), using the feed summary`);
      body = { text: summary, html: paragraphsToHtml(summary), method: 'feed-fallback' };
    } else if (!body || bodyWords === 0) {
      throw new ExtractError('extract_empty', `extract: no article text found at ${url}`);
    } else {
      warnings.push(`extract: short body (${bodyWords} words)`);
    }
  }
  const finalBody = body!;
  const authors = metadata?.authors.length ? metadata.authors : byline ? [byline.replace(/^by\s+/i, '')] : [];

  return {
    title: title.replace(/\s+/g, ' ').trim(),
    byline: byline ?? (authors.length > 0 ? authors.join(', ') : null),
    authors,
    publishedAt: metadata?.publishedAt ?? parsePageDate(fallback.publishedAt),
    modifiedAt: metadata?.modifiedAt ?? null,
    language: metadata?.language ?? null,
    canonicalUrl: metadata?.canonicalUrl ?? null,
    siteName: metadata?.siteName ?? null,
    leadImage: metadata?.leadImage ?? null,
    text: finalBody.text,
    html: sanitizeHtml(finalBody.html, metadata?.canonicalUrl ?? resolveHttpUrl(url, url) ?? url),
    wordCount: countWords(finalBody.text),
    method: finalBody.method,
    warnings,
  };
}

interface ReadArticle {
  title: string | null;
  byline: string | null;
  body: Body | null;
}

function readArticle(
  document: DomDocument,
  metadata: PageMetadata,
  url: string,
  warnings: string[],
): ReadArticle {
  const reader = new Readability<DomElement>(document as never, {
    // Keep the element: serialising to a string only to parse it again would double the work.
    serializer: (node) => node as unknown as DomElement,
    disableJSONLD: true,
    keepClasses: true,
  });
  const article = reader.parse();
  const jsonLdText = metadata.jsonLdBody === null ? null : jsonLdBodyText(metadata.jsonLdBody);
  const jsonLdBody: Body | null =
    jsonLdText && countWords(jsonLdText) >= MIN_BODY_WORDS
      ? { text: jsonLdText, html: paragraphsToHtml(jsonLdText), method: 'json-ld' }
      : null;
  const title = article?.title ?? null;
  const byline = article?.byline?.replace(/\s+/g, ' ').trim() || null;
  if (!article?.content) return { title, byline, body: jsonLdBody };
  const root = article.content;
  removePageFurniture(root);
  trimArticleBoilerplate(root, metadata.title ?? title, url);
  let method = 'readability';
  if (jsonLdText !== null && jsonLdBody !== null) {
    const outcome = filterByJsonLdBody(root, jsonLdText);
    if (outcome === 'replace') {
      warnings.push('extract: Readability missed most of the JSON-LD articleBody, using the articleBody');
      return { title, byline, body: jsonLdBody };
    }
    if (outcome === 'filtered') method = 'readability+json-ld';
  }
  const text = htmlToText(root);
  if (text === '') return { title, byline, body: jsonLdBody };
  return { title, byline, body: { text, html: root.innerHTML, method } };
}

/** Feed summaries are HTML or text; either way the reader gets plain paragraphs. */
function summaryText(summary: string): string {
  return htmlToText(
    parseDocument(`<!doctype html><html><body>${compactPageHtml(summary)}</body></html>`).body!,
  );
}

export function paragraphsToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtmlText(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
