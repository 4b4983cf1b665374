// Owns the boilerplate rules applied to Readability's result: page furniture it tends to keep
// (captions, credits, bylines, dates, share bars, tag lists, author bios, promos), "read more"
// teasers, credit lines, a repeated headline, other stories' teasers and trailing related-link lists.
// The phrases deduplication strips too (reader prompts, credit lines) come from @newsq/web-text.
import { CREDIT_LINE, READER_PROMPT } from '@newsq/web-text';
import { type DomElement, HEADING_TAGS, normalizedText, TEXT_NODE } from './dom';

/** Words of class/id/itemprop names that mark furniture, matched against the name's -/_ separated parts. */
const FURNITURE_WORDS = new Set([
  'ad',
  'ads',
  'advert',
  'author',
  'authors',
  'bio',
  'breadcrumb',
  'breadcrumbs',
  'byline',
  'caption',
  'credit',
  'credits',
  'cta',
  'date',
  'dateline',
  'meta',
  'metadata',
  'newsletter',
  'print',
  'promo',
  'pubdate',
  'published',
  'recommended',
  'related',
  'share',
  'sharing',
  'signup',
  'social',
  'subscribe',
  'subscription',
  'tag',
  'tags',
  'time',
  'timestamp',
  'toolbar',
]);
/** Furniture words also recognised inside camelCase or run-together names (articleByline, wpcaption). */
const FURNITURE_INFIX = /caption|byline|dateline|credits?\b/i;

const INLINE_TAGS = new Set(['A', 'ABBR', 'B', 'CITE', 'EM', 'I', 'SMALL', 'SPAN', 'STRONG', 'TIME', 'U']);
/** Elements never part of an article body. */
const FURNITURE_SELECTOR =
  'figcaption, nav, aside, form, button, [role="navigation"], [role="complementary"]';
/** Furniture is small: a container with more text than this is the article or holds it. */
const FURNITURE_MAX_CHARS = 300;

function isFurnitureName(element: DomElement): boolean {
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''} ${element.getAttribute('itemprop') ?? ''}`;
  for (const name of names.split(/\s+/)) {
    if (name === '') continue;
    if (FURNITURE_INFIX.test(name)) return true;
    if (
      name
        .toLowerCase()
        .split(/[-_]+/)
        .some((part) => FURNITURE_WORDS.has(part))
    )
      return true;
  }
  return false;
}

const PROSE_PARENTS = new Set([...HEADING_TAGS, 'P', 'LI', 'TD', 'TH', 'DD', 'DT', 'BLOCKQUOTE']);

function isInRunningText(element: DomElement): boolean {
  const parent = element.parentElement;
  if (!parent) return false;
  if (PROSE_PARENTS.has(parent.tagName) || INLINE_TAGS.has(parent.tagName)) {
    return normalizedText(parent).length > normalizedText(element).length + 20;
  }
  const siblings = parent.childNodes;
  for (let index = 0; index < siblings.length; index++) {
    const sibling = siblings[index]!;
    if (sibling.nodeType === TEXT_NODE && (sibling.textContent ?? '').trim() !== '') return true;
  }
  return false;
}

function isFurniture(element: DomElement): boolean {
  if (!isFurnitureName(element)) return false;
  const length = normalizedText(element).length;
  if (length > FURNITURE_MAX_CHARS) return false;
  // An inline element inside running text (<span class="date">Monday</span> in a sentence) is prose.
  return !(INLINE_TAGS.has(element.tagName) && isInRunningText(element));
}

export function removePageFurniture(root: DomElement): number {
  let removed = 0;
  for (const element of Array.from(root.querySelectorAll(FURNITURE_SELECTOR))) {
    if (element.tagName === 'ASIDE' && normalizedText(element).length > FURNITURE_MAX_CHARS * 3) continue;
    element.remove();
    removed++;
  }
  for (const element of Array.from(root.querySelectorAll('[class], [id], [itemprop]'))) {
    // Already detached along with an ancestor.
    if (!element.parentNode || !root.contains(element)) continue;
    if (isFurniture(element)) {
      element.remove();
      removed++;
    }
  }
  return removed;
}

/** "Keith Bradsher contributed reporting.", "The Associated Press contributed to this report.", "Contributing: ..." */
const CONTRIBUTOR_LINE =
  /\bcontributed (?:reporting|research|to this (?:report|story|article))\b|^contributing\s*:/i;
/** Whole blocks that are interface text, never prose. */
const INTERFACE_TEXT =
  /^(?:advertisement|advertising|sponsored(?: content)?|continue reading(?: the main story| below)?|story continues below(?: advertisement)?|scroll to continue(?: with content)?|\d* ?comments?|share(?: this)?(?: article| story)?|loading\W*)$/i;
/** Image credits written as text ("(Image: © Shutterstock)", "Photo: AP", "[사진=JTBC]"). */
const IMAGE_CREDIT =
  /^[([]?\s*(?:image|photo|picture|foto|bild|credit|фото|사진|照片|图片|写真)s?\s*(?:credit)?\s*[:=]/iu;
/** Markup that a CMS escaped into the text ("<span data-mce-type=...>"). */
const ESCAPED_MARKUP = /^(?:<|&lt;)\/?[a-z][\w-]*[\s\S]*(?:>|&gt;)$/i;
const DATE_TEXT =
  /\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b|\b\d{1,2} [\p{L}]{3,}\.? \d{4}\b/iu;
const LEADING_META = /^(?:by|posted|published|updated|publicado|pubblicato|von|par|por)\b/i;
const SENTENCE_END = /[.!?…]["'”’)]*$/;

function linkTextLength(element: DomElement): number {
  let length = 0;
  for (const link of Array.from(element.querySelectorAll('a'))) length += normalizedText(link).length;
  return length;
}

function linkDensity(element: DomElement): number {
  const length = normalizedText(element).length;
  return length === 0 ? 0 : linkTextLength(element) / length;
}

function comparableText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const BLOCK_SELECTOR = 'p, li, h1, h2, h3, h4, h5, h6, div, blockquote, dd, dt, td, pre';

/** Block-level descendants that hold text directly: the "paragraphs" of the extracted article. */
function leafBlocks(root: DomElement): DomElement[] {
  return Array.from(root.querySelectorAll(BLOCK_SELECTOR)).filter(
    (element) => element.querySelector(BLOCK_SELECTOR) === null && normalizedText(element) !== '',
  );
}

/** A heading repeating the page title, e.g. "Open thread" under the title "Open thread | Blog". */
function repeatsTitle(text: string, titleKey: string | null): boolean {
  if (titleKey === null) return false;
  const key = comparableText(text);
  if (key === '' || key.length < titleKey.length * 0.5) return false;
  return (
    titleKey === key ||
    titleKey.startsWith(`${key} `) ||
    key.startsWith(`${titleKey} `) ||
    titleKey.endsWith(` ${key}`)
  );
}

export function trimArticleBoilerplate(root: DomElement, title: string | null): number {
  let removed = removeOtherStories(root);
  const titleKey = title ? comparableText(title) : null;
  let leading = true;
  for (const block of leafBlocks(root)) {
    const text = normalizedText(block);
    const short = text.length < 250;
    const isHeading = /^H[1-6]$/.test(block.tagName);
    // A sentence ("By noon the fire had spread.") ends with punctuation; a dateline or byline does not.
    const metaLine = !SENTENCE_END.test(text) && (DATE_TEXT.test(text) || LEADING_META.test(text));
    const leadingMeta =
      leading && text.length < 120 && (metaLine || linkDensity(block) > 0.9 || repeatsTitle(text, titleKey));
    if (
      leadingMeta ||
      (short && (READER_PROMPT.test(text) || IMAGE_CREDIT.test(text))) ||
      (text.length < 400 && CREDIT_LINE.test(text)) ||
      (text.length < 200 && CONTRIBUTOR_LINE.test(text)) ||
      INTERFACE_TEXT.test(text) ||
      ESCAPED_MARKUP.test(text) ||
      (isHeading && repeatsTitle(text, titleKey))
    ) {
      block.remove();
      removed++;
      continue;
    }
    if (text.length >= 100) leading = false;
  }
  return removed + trimTrailingLinkLists(root);
}

/** Teasers of other stories (<article> cards) that Readability took in along with the main one. */
function removeOtherStories(root: DomElement): number {
  const articles = Array.from(root.querySelectorAll('article'));
  if (articles.length < 2) return 0;
  const total = normalizedText(root).length;
  const main = articles.find((article) => normalizedText(article).length >= total * 0.5);
  if (!main) return 0;
  let removed = 0;
  for (const article of articles) {
    if (article === main || main.contains(article) || article.contains(main)) continue;
    article.remove();
    removed++;
  }
  return removed;
}

/** Related-story lists at the end of the body: mostly links, usually under a short heading. */
function trimTrailingLinkLists(root: DomElement): number {
  let removed = 0;
  for (;;) {
    const blocks = leafBlocks(root);
    const last = blocks[blocks.length - 1];
    if (!last || blocks.length < 3) return removed;
    const list = last.closest('ul, ol');
    if (list && list !== root && root.contains(list) && isRelatedLinkList(list)) {
      const heading = previousHeading(list);
      list.remove();
      heading?.remove();
      removed++;
      continue;
    }
    if (linkDensity(last) > 0.5 && normalizedText(last).length < 200) {
      last.remove();
      removed++;
      continue;
    }
    return removed;
  }
}

function isRelatedLinkList(list: DomElement): boolean {
  const items = Array.from(list.children).filter((child) => child.tagName === 'LI');
  if (items.length === 0) return false;
  const everyItemLinked = items.every((item) => item.querySelector('a') !== null);
  const density = linkDensity(list);
  return density > 0.5 || (everyItemLinked && density > 0.25 && previousHeading(list) !== null);
}

function previousHeading(element: DomElement): DomElement | null {
  const previous = element.previousElementSibling;
  if (!previous) return null;
  const text = normalizedText(previous);
  const isHeading =
    /^H[1-6]$/.test(previous.tagName) ||
    // A short line not ending a sentence, the form a heading takes once Readability turned it into a <p>.
    (text.length < 60 && (previous.tagName === 'DIV' || previous.tagName === 'P') && !/[.!?]$/.test(text));
  return isHeading && text.length < 80 ? previous : null;
}
