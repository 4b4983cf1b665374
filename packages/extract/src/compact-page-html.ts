// Owns the transport form of a page: the HTML without anything extraction never reads, which the fetch
// stage enqueues and extractArticle parses. It is the parsed page written out again by htmlparser2, the
// tokenizer and tree rules linkedom builds its DOM with, so compacting changes no remaining node and
// compacting twice changes nothing.
import { Parser } from 'htmlparser2';

/**
 * Subtrees whose text never reaches an article: code and markup islands, then page regions Readability
 * always cleans out of its result (footer, aside, form controls, iframes) or extraction always removes
 * afterwards (nav).
 */
const DROPPED_SUBTREES = new Set([
  'aside',
  'button',
  'footer',
  'iframe',
  'math',
  'nav',
  'script',
  'select',
  'style',
  'svg',
  'template',
  'textarea',
]);
/** Elements htmlparser2 reads as raw text: their content is written back as it came. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'xmp']);
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/**
 * Attributes something reads: Readability (class and id for scoring, rel and itemprop for bylines,
 * role and aria-modal for dialogs, URLs it makes absolute), the metadata reader (meta, link, lang,
 * datetime, JSON-LD's type) and the sanitizer's allow-list (title, cite, table spans).
 */
const READ_ATTRIBUTES = new Set([
  'aria-modal',
  'cite',
  'class',
  'colspan',
  'content',
  'datetime',
  'dir',
  'href',
  'http-equiv',
  'id',
  'itemprop',
  'lang',
  'name',
  'poster',
  'property',
  'rel',
  'role',
  'rowspan',
  'src',
  'srcset',
  'title',
  'type',
]);
/** Media and tables keep every attribute: Readability looks through all of them for lazy-loaded images and videos. */
const ALL_ATTRIBUTES_KEPT = new Set(['img', 'picture', 'source', 'figure', 'video', 'audio', 'table']);

const HIDING_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const JSON_LD = /^\s*application\/ld\+json\s*$/i;

type Attributes = Record<string, string>;

/** Readability skips hidden nodes (and keeps aria-hidden images of the fallback-image kind). */
function isHidden(attributes: Attributes): boolean {
  if (attributes.hidden !== undefined) return true;
  if (attributes.style !== undefined && HIDING_STYLE.test(attributes.style)) return true;
  return attributes['aria-hidden'] === 'true' && !(attributes.class ?? '').includes('fallback-image');
}

function isJsonLd(name: string, attributes: Attributes): boolean {
  return name === 'script' && JSON_LD.test(attributes.type ?? '');
}

/** What metadata reads, kept inside dropped subtrees too: JSON-LD, meta tags, the canonical link, <time datetime>. */
function isMetadataCarrier(name: string, attributes: Attributes): boolean {
  return (
    isJsonLd(name, attributes) ||
    name === 'meta' ||
    (name === 'link' && /\bcanonical\b/i.test(attributes.rel ?? '')) ||
    (name === 'time' && attributes.datetime !== undefined)
  );
}

function escapeText(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function startTag(name: string, attributes: Attributes): string {
  const keepAll = ALL_ATTRIBUTES_KEPT.has(name);
  let tag = `<${name}`;
  for (const [attribute, value] of Object.entries(attributes)) {
    if (keepAll || READ_ATTRIBUTES.has(attribute.toLowerCase())) {
      tag += ` ${attribute}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
    }
  }
  return `${tag}>`;
}

interface OpenElement {
  name: string;
  written: boolean;
  /** This element starts a dropped subtree. */
  dropsSubtree: boolean;
  /** Its text is written: outside dropped subtrees, or a JSON-LD script inside one. */
  writesText: boolean;
}

/** The page as extraction sees it; see the module comment. */
export function compactPageHtml(html: string): string {
  const parts: string[] = [];
  const open: OpenElement[] = [];
  let dropping = false;
  const parser = new Parser(
    {
      onprocessinginstruction(name, data) {
        if (name.toLowerCase() === '!doctype') parts.push(`<${data}>`);
      },
      onopentag(name, attributes) {
        const dropsSubtree = !dropping && (DROPPED_SUBTREES.has(name) || isHidden(attributes));
        const jsonLd = isJsonLd(name, attributes);
        const written =
          dropping || dropsSubtree || name === 'link' ? isMetadataCarrier(name, attributes) : true;
        if (dropsSubtree) dropping = true;
        if (written) parts.push(startTag(name, attributes));
        open.push({ name, written, dropsSubtree, writesText: jsonLd || (!dropping && written) });
      },
      ontext(text) {
        const current = open[open.length - 1];
        if (current === undefined ? dropping : !current.writesText) return;
        parts.push(current !== undefined && RAW_TEXT_ELEMENTS.has(current.name) ? text : escapeText(text));
      },
      onclosetag(name) {
        const element = open.pop();
        if (element === undefined) return;
        if (element.written && !VOID_ELEMENTS.has(name)) parts.push(`</${name}>`);
        if (element.dropsSubtree) dropping = false;
      },
    },
    // As linkedom parses: decoded entities (written back escaped), attribute names as written.
    { decodeEntities: true, lowerCaseAttributeNames: false },
  );
  parser.end(html);
  return parts.join('');
}
