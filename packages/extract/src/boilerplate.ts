// Owns the boilerplate rules applied to Readability's result. Each rule removes one kind of page
// furniture that Readability keeps: furniture by element or class name (captions, bylines, share bars,
// promos), the article's own header (kicker, dek, byline, date), leading meta lines, reader and
// subscription prompts, wire credit lines, interface text and counters, captions of images and figures,
// headings of other-story widgets with their teasers, teasers in <article> cards, lists of links to
// the site's other stories, and trailing link lists and author bios. The phrases deduplication strips
// too come from @newsq/web-text.
import { CREDIT_LINE, LEADING_META, READER_PROMPT, SUBSCRIPTION_PROMPT } from '@newsq/web-text';
import { type DomElement, type DomNode, HEADING_TAGS, normalizedText, TEXT_NODE } from './dom';

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
const FURNITURE_INFIX = /caption|byline|dateline/i;

const INLINE_TAGS = new Set(['A', 'ABBR', 'B', 'CITE', 'EM', 'I', 'SMALL', 'SPAN', 'STRONG', 'TIME', 'U']);
/**
 * Elements never part of an article body. Navigation, asides and buttons are already gone: the page
 * was compacted before parsing (compact-page-html.ts).
 */
const FURNITURE_SELECTOR = 'figcaption, form, [role="navigation"], [role="complementary"]';
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

function isInside(node: DomNode, root: DomElement): boolean {
  for (let current: DomNode | null = node; current !== null; current = current.parentNode) {
    if (current === root) return true;
  }
  return false;
}

export function removePageFurniture(root: DomElement): number {
  let removed = 0;
  for (const element of Array.from(root.querySelectorAll(FURNITURE_SELECTOR))) {
    element.remove();
    removed++;
  }
  // An article's own <header> holds its kicker, headline, dek, byline and date, never body text.
  for (const header of Array.from(root.querySelectorAll('header'))) {
    if (isInside(header, root) && normalizedText(header).length <= FURNITURE_MAX_CHARS * 2) {
      header.remove();
      removed++;
    }
  }
  for (const element of Array.from(root.querySelectorAll('[class], [id], [itemprop]'))) {
    // Already detached along with an ancestor.
    if (!isInside(element, root)) continue;
    if (isFurniture(element)) {
      element.remove();
      removed++;
    }
  }
  return removed;
}

/** Whole blocks that are interface text, never prose: ad labels, share bars, comment section headings. */
const INTERFACE_TEXT =
  /^(?:advertisement|advertising|sponsored(?: content)?|continue reading(?: the main story| below)?|story continues below(?: advertisement)?|scroll to continue(?: with content)?|loading\W*|(?:\d+ )?(?:comments?|responses?|replies)|leave a (?:reply|comment)|post a comment|add (?:a )?comment|отзывы|комментарии|добавить (?:отзыв|комментарий)|(?:(?:share(?: on| this(?: article| story)?)?|tweet|submit|e-?mail|print|pin(?: it)?|whatsapp|facebook|twitter|linkedin|reddit|flipboard|copy link)(?:\s*[|•·/,]\s*|\s+|$))+)$/iu;
/** Image credits written as text: "(Image: © Shutterstock)", "Photo: AP", "Picture credit: ...". */
const IMAGE_CREDIT = /^[([]?\s*(?:image|photo|picture|credit)s?\s*(?:credit)?\s*[:=]/i;
/** A block of digits alone is a counter (views, comments, photos in a gallery), never prose. */
const NUMBER_ONLY = /^[\d\s.,:/+-]*\d[\d\s.,:/+-]*$/;
/** A counter with its label: "3,409 views", "12 photos". */
const LABELLED_COUNTER = /^\d[\d\s.,]*\p{L}+(?:\s+\p{L}+)?$|^\p{L}+(?:\s+\p{L}+)?\s*\d[\d\s.,]*$/u;
/**
 * Headings of other-story widgets ("Most read", "Latest news", "Popular this week", "Recent articles",
 * "You may also like"), alone in their block.
 */
const WIDGET_HEADING =
  /^(?:(?:the )?most (?:popular|read|viewed|shared|commented|recent)|popular|latest|recent|trending|top stories|breaking news|more (?:news|stories|headlines|videos)|you (?:may|might) (?:also )?(?:like|enjoy)|don'?t miss|editor'?s picks?|самые (?:популярные|читаемые)|популярное|последние новости|più lett[ei]|ultime notizie|mais lidas)(?:\s+[\p{L}\d]+){0,2}$/iu;
/** "Jane Roe is a staff writer at ...": an author box at the end of a story. */
const AUTHOR_BIO =
  /^(?:about the author\b|(?:\p{Lu}[\p{L}'’.-]+\s+){1,3}(?:is|was|has been)\s+(?:a|an|the|our)\s[^.]{0,100}\b(?:writer|reporter|editor|correspondent|journalist|columnist|contributor|author|producer|critic|fellow|intern)\b)/u;
const DATE_TEXT =
  /\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b|\b\d{1,2} [\p{L}]{3,}\.? \d{4}\b/iu;
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

const BLOCK_TAGS = new Set(['P', 'LI', ...HEADING_TAGS, 'DIV', 'BLOCKQUOTE', 'DD', 'DT', 'TD', 'PRE']);

/** A block-level element holding text directly: a "paragraph" of the extracted article. */
interface Block {
  element: DomElement;
  text: string;
  /** Inside a <figure>: media and its caption, never running text. */
  inFigure: boolean;
  hasImage: boolean;
}

/** The leaf blocks of `root` in document order, found in one walk (no selector per element). */
function leafBlocks(root: DomElement): Block[] {
  interface Visit {
    element: DomElement;
    parent: number;
    inFigure: boolean;
    blockBelow: boolean;
    hasImage: boolean;
  }
  const visits: Visit[] = [];
  const stack: Array<{ element: DomElement; parent: number; inFigure: boolean }> = [
    { element: root, parent: -1, inFigure: false },
  ];
  while (stack.length > 0) {
    const { element, parent, inFigure } = stack.pop()!;
    const index = visits.length;
    visits.push({ element, parent, inFigure, blockBelow: false, hasImage: false });
    const children = element.children;
    const childInFigure = inFigure || element.tagName === 'FIGURE';
    for (let child = children.length - 1; child >= 0; child--) {
      stack.push({ element: children[child]!, parent: index, inFigure: childInFigure });
    }
  }
  // Children come after their parent in pre-order, so one backward pass carries facts up the tree.
  for (let index = visits.length - 1; index > 0; index--) {
    const visit = visits[index]!;
    const parent = visits[visit.parent]!;
    if (visit.blockBelow || BLOCK_TAGS.has(visit.element.tagName)) parent.blockBelow = true;
    if (visit.hasImage || visit.element.tagName === 'IMG') parent.hasImage = true;
  }
  const blocks: Block[] = [];
  for (const visit of visits) {
    if (visit.element === root || visit.blockBelow || !BLOCK_TAGS.has(visit.element.tagName)) continue;
    const text = normalizedText(visit.element);
    if (text !== '')
      blocks.push({ element: visit.element, text, inFigure: visit.inFigure, hasImage: visit.hasImage });
  }
  return blocks;
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

/** A short caption set under an image in the same paragraph: <p><img><br><em>Caption</em></p>. */
function isImageCaption(block: Block): boolean {
  if (!block.hasImage || block.text.length >= 200) return false;
  const emphasis = block.element.querySelector('em, i, small');
  return emphasis !== null && normalizedText(emphasis) === block.text;
}

/** The element to remove for a counter: its small widget ("3,409" + "views") when it has one. */
function counterWidget(element: DomElement, root: DomElement): DomElement {
  const parent = element.parentElement;
  if (!parent || parent === root) return element;
  return LABELLED_COUNTER.test(normalizedText(parent)) ? parent : element;
}

/** A widget's heading takes its widget along: the container it opens, when that is not the article. */
function widgetContainer(heading: DomElement, root: DomElement, rootLength: number): DomElement {
  const container = heading.parentElement;
  if (!container || container === root || container.firstElementChild !== heading) return heading;
  return normalizedText(container).length < rootLength * 0.4 ? container : heading;
}

export function trimArticleBoilerplate(root: DomElement, title: string | null, pageUrl: string): number {
  let removed = removeOtherStories(root) + removeSiteLinkLists(root, pageUrl);
  const titleKey = title ? comparableText(title) : null;
  const rootLength = normalizedText(root).length;
  let leading = true;
  const blocks = leafBlocks(root);
  const kept: Block[] = [];
  for (const block of blocks) {
    const { element, text } = block;
    if (!isInside(element, root)) continue;
    const short = text.length < 250;
    const isHeading = /^H[1-6]$/.test(element.tagName);
    // A sentence ("By noon the fire had spread.") ends with punctuation; a dateline or byline does not.
    const metaLine = !SENTENCE_END.test(text) && (DATE_TEXT.test(text) || LEADING_META.test(text));
    const leadingMeta =
      leading &&
      text.length < 120 &&
      (metaLine || linkDensity(element) > 0.9 || repeatsTitle(text, titleKey));
    let removal: DomElement | null = null;
    if (
      leadingMeta ||
      (short && (READER_PROMPT.test(text) || IMAGE_CREDIT.test(text) || SUBSCRIPTION_PROMPT.test(text))) ||
      (text.length < 400 && CREDIT_LINE.test(text)) ||
      INTERFACE_TEXT.test(text) ||
      (isHeading && repeatsTitle(text, titleKey)) ||
      (block.inFigure && text.length < FURNITURE_MAX_CHARS) ||
      isImageCaption(block)
    ) {
      removal = element;
    } else if (NUMBER_ONLY.test(text) && !['TD', 'LI', 'DD'].includes(element.tagName)) {
      removal = counterWidget(element, root);
    } else if (text.length < 60 && WIDGET_HEADING.test(text)) {
      removal = widgetContainer(element, root, rootLength);
    }
    if (removal !== null) {
      removal.remove();
      removed++;
      continue;
    }
    kept.push(block);
    if (text.length >= 100) leading = false;
  }
  return removed + trimTrailingBoilerplate(root, kept);
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

function siteOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** A link to another page of the same site; in-page anchors ("#section-2") are a table of contents. */
function isSiteLink(href: string | null, site: string | null): boolean {
  if (href === null || href === '' || href.startsWith('#')) return false;
  if (!/^[a-z][a-z\d+.-]*:|^\/\//i.test(href)) return true;
  const host = siteOf(href.startsWith('//') ? `https:${href}` : href);
  return host !== null && site !== null && (host === site || host.endsWith(`.${site}`));
}

/** An item that is a single link to the same site and nothing else, not a sentence. */
function isSiteLinkItem(item: DomElement, site: string | null): boolean {
  const links = item.querySelectorAll('a');
  if (links.length !== 1) return false;
  const text = normalizedText(item);
  return (
    text !== '' &&
    normalizedText(links[0]!).length >= text.length * 0.9 &&
    !SENTENCE_END.test(text) &&
    isSiteLink(links[0]!.getAttribute('href'), site)
  );
}

const HEADING_SELECTOR = 'h2, h3, h4, h5, h6';

/**
 * A story teaser: a headline linked to another page of the site, whatever else the card holds (a
 * summary, a thumbnail, a section name). Running text never puts a headline inside a link.
 */
function isTeaserCard(item: DomElement, site: string | null): boolean {
  return Array.from(item.querySelectorAll('a')).some(
    (link) =>
      isSiteLink(link.getAttribute('href'), site) &&
      (link.querySelector(HEADING_SELECTOR) !== null || link.closest(HEADING_SELECTOR) !== null),
  );
}

/**
 * Lists of the site's other stories anywhere in the body: two or more items, each either a single link
 * to the same site and nothing else ("27 oddest cases", "10 strangest cases") or a teaser card.
 */
function removeSiteLinkLists(root: DomElement, pageUrl: string): number {
  const site = siteOf(pageUrl);
  let removed = 0;
  for (const list of Array.from(root.querySelectorAll('ul, ol'))) {
    if (!isInside(list, root)) continue;
    const items = Array.from(list.children).filter((child) => child.tagName === 'LI');
    if (items.length < 2) continue;
    const otherStories =
      items.every((item) => isSiteLinkItem(item, site)) || items.every((item) => isTeaserCard(item, site));
    if (!otherStories) continue;
    previousHeading(list)?.remove();
    list.remove();
    removed++;
  }
  return removed;
}

/** Related-story lists and author bios at the end of the body, removed from the last block backwards. */
function trimTrailingBoilerplate(root: DomElement, blocks: Block[]): number {
  let removed = 0;
  for (let index = blocks.length - 1; index >= 2; index--) {
    const { element, text } = blocks[index]!;
    if (!isInside(element, root)) continue;
    const list = element.closest('ul, ol');
    if (list && list !== root && isInside(list, root) && isRelatedLinkList(list)) {
      previousHeading(list)?.remove();
      list.remove();
      removed++;
      continue;
    }
    if ((linkDensity(element) > 0.5 && text.length < 200) || (text.length < 400 && AUTHOR_BIO.test(text))) {
      element.remove();
      removed++;
      continue;
    }
    return removed;
  }
  return removed;
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
