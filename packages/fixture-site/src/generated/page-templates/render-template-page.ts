// Owns turning a page template (real news-site chrome with markers) and one generated story into the
// served HTML: head metadata the way news sites publish it, the headline, the body paragraphs, and the
// filler that brings the page to its planned weight.
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { escapeXml as esc } from '@newsq/web-text';
import { jsonForScript } from '../../escape';
import { TEMPLATE_MARKERS } from './markers';

export interface PageTemplate {
  /** The corpus page it was derived from (first 12 hex digits of its id). */
  id: string;
  html: string;
  /** Bytes of the template without its markers: the least a page made from it weighs. */
  baseBytes: number;
}

export interface TemplatePage {
  url: string;
  /** The page's <link rel=canonical>; null leaves it out. */
  canonicalUrl: string | null;
  siteName: string;
  title: string;
  description: string;
  author: string;
  /** ISO 8601. */
  publishedAt: string;
  section: string;
  imageUrl: string;
  paragraphs: readonly string[];
  /** Markup appended before </body> to reach the page's planned weight. */
  filler: string;
}

let loaded: PageTemplate[] | null = null;

/** The committed templates, lightest first. */
export function pageTemplates(): readonly PageTemplate[] {
  loaded ??= readdirSync(new URL('.', import.meta.url))
    .filter((file) => file.endsWith('.html.gz'))
    .sort()
    .map((file) => {
      const html = gunzipSync(readFileSync(new URL(file, import.meta.url))).toString('utf8');
      const markers = Object.values(TEMPLATE_MARKERS).reduce((sum, marker) => sum + marker.length, 0);
      return { id: file.replace('.html.gz', ''), html, baseBytes: Buffer.byteLength(html) - markers };
    })
    .sort((a, b) => a.baseBytes - b.baseBytes);
  return loaded;
}

function headFor(page: TemplatePage): string {
  const pageUrl = page.canonicalUrl ?? page.url;
  const structuredData = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: page.title,
    description: page.description,
    datePublished: page.publishedAt,
    dateModified: page.publishedAt,
    author: [{ '@type': 'Person', name: page.author }],
    publisher: { '@type': 'Organization', name: page.siteName },
    image: [page.imageUrl],
    mainEntityOfPage: { '@type': 'WebPage', '@id': pageUrl },
    articleSection: page.section,
  };
  return [
    `<title>${esc(page.title)} | ${esc(page.siteName)}</title>`,
    `<meta name="description" content="${esc(page.description)}">`,
    page.canonicalUrl === null ? '' : `<link rel="canonical" href="${esc(page.canonicalUrl)}">`,
    `<meta property="og:site_name" content="${esc(page.siteName)}">`,
    '<meta property="og:type" content="article">',
    `<meta property="og:title" content="${esc(page.title)}">`,
    `<meta property="og:description" content="${esc(page.description)}">`,
    `<meta property="og:url" content="${esc(pageUrl)}">`,
    `<meta property="og:image" content="${esc(page.imageUrl)}">`,
    `<meta property="article:published_time" content="${page.publishedAt}">`,
    `<meta property="article:section" content="${esc(page.section)}">`,
    `<meta name="author" content="${esc(page.author)}">`,
    '<meta name="twitter:card" content="summary_large_image">',
    `<script type="application/ld+json">${jsonForScript(structuredData)}</script>`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

export function renderTemplatePage(template: PageTemplate, page: TemplatePage): string {
  const byline = `<p class="byline">By ${esc(page.author)} · <time datetime="${page.publishedAt}">${esc(
    new Date(page.publishedAt).toUTCString(),
  )}</time></p>`;
  const body = [byline, ...page.paragraphs.map((paragraph) => `<p>${esc(paragraph)}</p>`)].join('\n');
  // Function replacers: a `$` in generated text must not be read as a replacement pattern.
  return template.html
    .replace(TEMPLATE_MARKERS.head, () => headFor(page))
    .replace(TEMPLATE_MARKERS.headline, () => esc(page.title))
    .replace(TEMPLATE_MARKERS.body, () => body)
    .replace(TEMPLATE_MARKERS.filler, () => page.filler);
}
