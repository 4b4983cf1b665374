// Owns the XML-level handling around rss-parser: reading the root element (format and namespaces) before the
// strict parse, and the lenient pass that re-serialises a broken document into well-formed XML.
// Neither expands DTD entities nor loads anything external: a DOCTYPE is skipped, unknown entities stay text.
import { decodeEntities, escapeXml } from '@newsq/web-text';
import { Parser as HtmlParser2 } from 'htmlparser2';

export interface RootElement {
  name: string;
  localName: string;
  attributes: Record<string, string>;
  /**
   * prefix -> namespace URI, the default namespace under ''. The root's declarations, then the first
   * declaration of any other prefix further down (scoping is ignored: documents rarely rebind a prefix).
   */
  namespaces: Record<string, string>;
  /** Offset just past the root start tag. */
  end: number;
}

const ROOT_START_TAG = /<([\p{L}_][\p{L}\p{N}_.:-]*)((?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/uy;
const ATTRIBUTE = /([^\s=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*(?::[\p{L}_][\p{L}\p{N}_.-]*)?$/u;
const INVALID_XML_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids, to be dropped.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMESPACE_DECLARATION = /\sxmlns:([\p{L}_][\p{L}\p{N}_.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu;
const FEED_ROOTS = new Set(['rss', 'feed', 'RDF']);
const TAG_START = /<(\/?)([\p{L}_][\p{L}\p{N}_.:-]*)/uy;
const HTML_VOID_ELEMENTS = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'wbr',
  'area',
  'base',
  'col',
  'embed',
  'param',
  'source',
  'track',
]);
const FEED_CONTAINERS = new Set(['rss', 'feed', 'RDF', 'channel']);
const ENTRY_ELEMENTS = new Set(['item', 'entry']);
// A start tag is read from a bounded window so a pathological prolog cannot make the regex crawl.
const START_TAG_WINDOW = 64 * 1024;

/** Skips the prolog (declaration, comments, PIs, DOCTYPE with its internal subset) and reads the root start tag. */
export function findRootElement(text: string): RootElement | null {
  let position = 0;
  for (;;) {
    while (position < text.length && /\s/.test(text.charAt(position))) position++;
    if (text.startsWith('<?', position)) position = skipPast(text, position, '?>');
    else if (text.startsWith('<!--', position)) position = skipPast(text, position, '-->');
    else if (/^<!doctype/i.test(text.slice(position, position + 9))) position = skipDoctype(text, position);
    else break;
    if (position < 0) return null;
  }
  const window = text.slice(position, position + START_TAG_WINDOW);
  ROOT_START_TAG.lastIndex = 0;
  const match = ROOT_START_TAG.exec(window);
  if (!match?.[1]) return null;
  const attributes = readAttributes(match[2] ?? '');
  const namespaces = namespacesOf(attributes);
  for (const declaration of text.matchAll(NAMESPACE_DECLARATION)) {
    const prefix = declaration[1] ?? '';
    if (!(prefix in namespaces)) namespaces[prefix] = (declaration[2] ?? declaration[3] ?? '').trim();
  }
  return {
    name: match[1],
    localName: localName(match[1]),
    attributes,
    namespaces,
    end: position + match[0].length,
  };
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function namespacesOf(attributes: Record<string, string>): Record<string, string> {
  const namespaces: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'xmlns') namespaces[''] = value.trim();
    else if (name.startsWith('xmlns:')) namespaces[name.slice(6)] = value.trim();
  }
  return namespaces;
}

function readAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    if (match[1]) attributes[match[1]] = decodeEntities(match[2] ?? match[3] ?? '');
  }
  return attributes;
}

function skipPast(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  return end < 0 ? -1 : end + terminator.length;
}

function skipDoctype(text: string, from: number): number {
  const bracket = text.indexOf('[', from);
  const close = text.indexOf('>', from);
  if (close < 0) return -1;
  if (bracket < 0 || bracket > close) return close + 1;
  const subsetEnd = text.indexOf(']', bracket);
  return subsetEnd < 0 ? -1 : skipPast(text, subsetEnd, '>');
}

/**
 * The element nesting depth of a document, counted cheaply from its tags (CDATA and comments skipped, an
 * end tag closing everything above its start tag, unclosed HTML void tags not counted), stopping once past
 * `limit`. Both XML parsers slow down quadratically with depth, and no feed nests deeply.
 */
export function nestingDepth(text: string, limit: number): number {
  const open: string[] = [];
  let deepest = 0;
  let position = text.indexOf('<');
  while (position >= 0 && deepest <= limit) {
    if (text.startsWith('<![CDATA[', position)) position = skipPast(text, position, ']]>');
    else if (text.startsWith('<!--', position)) position = skipPast(text, position, '-->');
    else {
      TAG_START.lastIndex = position;
      const tag = TAG_START.exec(text);
      if (tag?.[2]) {
        const close = text.indexOf('>', position);
        if (close < 0) break;
        if (tag[1] === '/') {
          const index = open.lastIndexOf(tag[2]);
          if (index >= 0) open.length = index;
        } else if (text.charAt(close - 1) !== '/' && !HTML_VOID_ELEMENTS.has(tag[2])) {
          open.push(tag[2]);
          deepest = Math.max(deepest, open.length);
        }
        position = close;
      } else position++;
    }
    if (position < 0) break;
    position = text.indexOf('<', position);
  }
  return deepest;
}

export interface RecoveredXml {
  xml: string;
  /** True when the feed element sat inside some other document (e.g. an XHTML page) and was lifted out. */
  lifted: boolean;
}

/**
 * Re-serialises whatever htmlparser2 (lenient, case-preserving XML mode) reads: bare ampersands and unknown
 * entities become text, HTML named entities are decoded, invalid characters dropped, unclosed elements
 * closed, stray end tags ignored. When a feed root (rss, feed, RDF) is nested in another document, only
 * that element is kept.
 */
export function recoverXml(text: string): RecoveredXml {
  const root = findRootElement(text);
  const liftFeed = root !== null && !FEED_ROOTS.has(root.localName);
  const out: string[] = [];
  const open: Array<{ name: string; emitted: boolean; closed: boolean }> = [];
  let depth = 0;
  let feedDepth = -1;
  // Anything after the root element closes (a second document, trailing junk) is dropped.
  let rootClosed = false;
  let inCdata = false;
  const emitting = () => !rootClosed && (!liftFeed || feedDepth >= 0);

  const parser = new HtmlParser2(
    {
      onopentag(name, attributes) {
        depth++;
        const local = localName(name);
        if (liftFeed && feedDepth < 0 && FEED_ROOTS.has(local)) feedDepth = depth;
        if (ENTRY_ELEMENTS.has(local)) closeUpToContainer(open, out);
        const valid = emitting() && XML_NAME.test(name);
        open.push({ name, emitted: valid, closed: false });
        if (!valid) return;
        let tag = `<${name}`;
        for (const [attribute, value] of Object.entries(attributes)) {
          if (XML_NAME.test(attribute)) tag += ` ${attribute}="${xmlText(decodeEntities(value))}"`;
        }
        out.push(`${tag}>`);
      },
      onclosetag(name) {
        const element = open.pop();
        if (element?.emitted && !element.closed) out.push(`</${name}>`);
        if (depth === feedDepth) feedDepth = -2;
        depth--;
        if (depth === 0) rootClosed = true;
      },
      ontext(data) {
        if (!emitting() || depth === 0) return;
        out.push(xmlText(inCdata ? data : decodeEntities(data)));
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(text);
  parser.end();
  return { xml: out.join(''), lifted: liftFeed && feedDepth !== -1 };
}

/**
 * An item or entry opening inside some unclosed element (say an unclosed <itunes:category>) belongs to the
 * channel or feed: close what is open above that container, as a lenient feed reader would.
 */
function closeUpToContainer(
  open: Array<{ name: string; emitted: boolean; closed: boolean }>,
  out: string[],
): void {
  let container = open.length - 1;
  while (container >= 0 && !FEED_CONTAINERS.has(localName(open[container]?.name ?? ''))) container--;
  if (container < 0) return;
  for (let index = open.length - 1; index > container; index--) {
    const element = open[index];
    if (element?.emitted && !element.closed) {
      out.push(`</${element.name}>`);
      element.closed = true;
    }
  }
}

/** Text as well-formed XML: escaped, without the characters XML 1.0 forbids. */
function xmlText(text: string): string {
  return escapeXml(text.replace(INVALID_XML_CHARS, ''));
}
