// Owns how the committed page templates were made from the MIT-licensed extraction corpus (Zyte's
// article-extraction benchmark): each chosen page keeps its chrome (head, scripts, styles, navigation,
// footers, related lists) while the story-specific parts are cut out and replaced by the markers that
// render-template-page.ts fills in. Run from the repository root when ../shared is present:
//   node --import tsx packages/fixture-site/src/generated/page-templates/derive.ts ../shared/corpus/extraction
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import { TEMPLATE_MARKERS } from './markers';

/** English news pages spanning the corpus's range of page weights (41 KB to 1.5 MB). */
export const TEMPLATE_SOURCES = [
  'd90bda7ed14df19574f4ca8b1ccde5752a78f40058af1393e81cc99adb3e8756',
  '06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85',
  'c467d507551a836efa9cfe843ba5d7bafe519750e04d0c9ff0decf44f013f829',
  'd0382c0d9573a0a7beb1e649012d04ec7275ac23513ca6ca59e51477b028283c',
  'b0cf2bbf0192315eec95ede9c59bbf4ae58699275739d590edc24b012e3e8800',
  '360c732d1fdbfc6895d7096c0c0b8c0d581bb1af80160f4c6a0f1fd9ff85e469',
  '264dc3ae31249cb1f50c50986e0952a4708c2e705d18a2d8bf0e525da6e2b485',
  '57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca',
  '702d1da63b8e064cb70617620e45c2d116b4912c9bc9d518dcf5ce54bb8057ed',
  'ef4e67b66d63b5facef55c06a94d85f2ae01a0a1a4a3a1bcfe2499c8c8a7dacf',
] as const;

type DomNode = {
  nodeType: number;
  textContent: string | null;
  parentNode: DomNode | null;
  childNodes: DomNode[];
  tagName?: string;
  remove(): void;
  replaceWith(...nodes: unknown[]): void;
  querySelectorAll(selector: string): DomNode[];
  querySelector(selector: string): DomNode | null;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  prepend(...nodes: unknown[]): void;
  append(...nodes: unknown[]): void;
};

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Head elements that describe the original story (title, canonical URL, dates, structured data). */
const STORY_HEAD_SELECTORS = [
  'title',
  'base',
  'link[rel="canonical"]',
  'link[rel="amphtml"]',
  'link[rel="shortlink"]',
  'meta[name="description"]',
  'meta[name="author"]',
  'meta[name="keywords"]',
  'meta[name="news_keywords"]',
  'meta[property^="og:"]',
  'meta[name^="og:"]',
  'meta[property^="article:"]',
  'meta[name^="article:"]',
  'meta[name^="twitter:"]',
  'meta[property^="twitter:"]',
  'meta[name*="date" i]',
  'meta[itemprop]',
  'meta[name^="parsely"]',
  'meta[name^="sailthru"]',
  'meta[name^="dc." i]',
  'script[type="application/ld+json"]',
];

/** The element holding most of the ground-truth body with the least other text. */
function bodyContainer(document: DomNode, body: string): DomNode {
  const truth = normalise(body);
  const blocks = document.querySelectorAll('p, li, h2, h3, blockquote, div').filter((element) => {
    const own = normalise(element.textContent ?? '');
    return own.length >= 30 && element.querySelectorAll('p, div').length === 0 && truth.includes(own);
  });
  const bodyChars = new Map<DomNode, number>();
  let total = 0;
  for (const block of blocks) {
    const chars = normalise(block.textContent ?? '').length;
    total += chars;
    for (let node = block.parentNode; node; node = node.parentNode) {
      bodyChars.set(node, (bodyChars.get(node) ?? 0) + chars);
    }
  }
  let best: { node: DomNode; purity: number } | null = null;
  for (const [node, chars] of bodyChars) {
    if (node.nodeType !== 1 || chars < 0.8 * total) continue;
    const purity = chars / Math.max(1, normalise(node.textContent ?? '').length);
    if (!best || purity > best.purity) best = { node, purity };
  }
  if (!best) throw new Error('derive: no element holds 80% of the body');
  return best.node;
}

export function deriveTemplate(html: string, body: string): string {
  const { document } = parseHTML(html) as unknown as {
    document: DomNode & { head: DomNode; createComment(text: string): unknown };
  };
  const container = bodyContainer(document, body);
  // The original's standfirst repeats its meta description: it would follow every generated story.
  const standfirst = normalise(
    document
      .querySelector('meta[name="description"], meta[property="og:description"]')
      ?.getAttribute('content') ?? '',
  );
  if (standfirst !== '') {
    for (const element of document.querySelectorAll('body p, body h2, body div')) {
      if (normalise(element.textContent ?? '') === standfirst) element.remove();
    }
  }
  for (const child of [...container.childNodes]) child.remove();
  container.append(document.createComment(TEMPLATE_MARKERS.body.slice(4, -3)));

  for (const selector of STORY_HEAD_SELECTORS) {
    for (const element of document.querySelectorAll(selector)) element.remove();
  }
  const [headline, ...otherHeadlines] = document.querySelectorAll('h1');
  if (headline) {
    for (const child of [...headline.childNodes]) child.remove();
    headline.append(document.createComment(TEMPLATE_MARKERS.headline.slice(4, -3)));
  }
  // A second h1 (a logo, a modal) would compete with the headline: demote it to a plain block.
  for (const extra of otherHeadlines) extra.replaceWith(...extra.childNodes);
  for (const element of document.querySelectorAll('[itemprop]')) element.removeAttribute('itemprop');
  document.head.prepend(document.createComment(TEMPLATE_MARKERS.head.slice(4, -3)));
  const serialised = document.toString();
  if (!serialised.includes('</body>')) throw new Error('derive: page without </body>');
  return serialised.replace('</body>', `${TEMPLATE_MARKERS.filler}</body>`);
}

// Run as a script: write every template next to this file.
if (import.meta.url === `file://${process.argv[1]}`) {
  const corpus = process.argv[2];
  if (!corpus) throw new Error('usage: derive.ts <path to corpus/extraction>');
  const truth = JSON.parse(readFileSync(join(corpus, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string }
  >;
  for (const id of TEMPLATE_SOURCES) {
    const html = gunzipSync(readFileSync(join(corpus, 'html', `${id}.html.gz`))).toString('utf8');
    const template = deriveTemplate(html, truth[id]!.articleBody);
    writeFileSync(new URL(`./${id.slice(0, 12)}.html.gz`, import.meta.url), gzipSync(template, { level: 9 }));
    process.stdout.write(`${id.slice(0, 12)} ${html.length} -> ${template.length} bytes\n`);
  }
}
