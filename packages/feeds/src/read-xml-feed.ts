// Owns reading RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through rss-parser. rss-parser does the XML parse, tells the
// formats apart and lists the items; around it this module canonicalises namespace prefixes (so prefixed
// roots and odd prefixes read the same), keeps the raw elements rss-parser drops, and settles each item's
// link (xml:base, permalink guid), plain-text title and date itself.
import { escapeXml, isHttpUrl, parseDate, resolveUrl } from '@newsq/web-text';
import RssParser from 'rss-parser';
import { collapseWhitespace, htmlToText, looseTitleText } from './feed-text';
import type { DraftFeed, DraftItem } from './feed-types';
import { localName, type RootElement } from './xml-document';

type XmlNode = string | XmlElement;
interface XmlElement {
  _?: string;
  $?: Record<string, string>;
  [child: string]: unknown;
}
type RawFields = Record<string, unknown>;

// Namespace URIs compared after normalisation: feeds vary case and trailing slashes in the wild.
const ATOM_10 = 'http://www.w3.org/2005/atom';
const ATOM_03 = 'http://purl.org/atom/ns';
const RSS_10 = 'http://purl.org/rss/1.0';
const RSS_090 = 'http://my.netscape.com/rdf/simple/0.9';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns';

/** Prefixes we read by name, whatever prefix the document bound their namespace to. */
const CANONICAL_PREFIXES: Readonly<Record<string, string>> = {
  'http://purl.org/dc/elements/1.1': 'dc',
  'http://purl.org/dc/terms': 'dcterms',
  'http://purl.org/rss/1.0/modules/content': 'content',
  'http://purl.org/rss/1.0/modules/syndication': 'sy',
  [ATOM_10]: 'atom',
  [ATOM_03]: 'atom',
  [RDF]: 'rdf',
};

function normaliseNamespace(uri: string | undefined): string {
  return (uri ?? '')
    .trim()
    .toLowerCase()
    .replace(/[/#]+$/, '');
}

// Atom elements rss-parser would read itself, and trip on (an undated `published` throws, a `link`
// without attributes throws): renamed so rss-parser leaves them to us.
const ATOM_RENAMED = new Set(['link', 'published', 'updated']);

const ITEM_DATE_FIELDS = [
  'pubDate',
  'atom:published',
  'published',
  'issued',
  'dc:date',
  'dcterms:issued',
  'dcterms:created',
  'created',
  'dcterms:date',
  'dcterms:available',
  'atom:updated',
  'updated',
  'modified',
  'dcterms:modified',
  'atom:modified',
];
const ITEM_RAW_FIELDS = ['$', 'title', 'dc:title', 'link', 'atom:link', 'guid', 'id', ...ITEM_DATE_FIELDS];
const FEED_RAW_FIELDS = [
  '$',
  'title',
  'dc:title',
  'link',
  'atom:link',
  'ttl',
  'sy:updatePeriod',
  'sy:updateFrequency',
];
const RAW = 'raw ';
// Found in two steps (start tag, then its type attribute) so hostile tags cannot make the pattern backtrack.
const TEXT_CONSTRUCT_START =
  /<((?:[\p{L}_][\p{L}\p{N}_.-]*:)?(?:title|subtitle|tagline|summary|content|rights|info))(\s[^<>]*)?>/gu;
const XHTML_TYPE = /\btype\s*=\s*["'](?:xhtml|application\/xhtml\+xml)["']/;

export type XmlFeedKind = 'rss' | 'rdf' | 'atom';

export function xmlFeedFormat(root: RootElement): { kind: XmlFeedKind; format: string } | null {
  const namespace = normaliseNamespace(root.namespaces[prefixOf(root.name)]);
  if (root.localName === 'rss') {
    const version = root.attributes.version?.trim();
    return { kind: 'rss', format: version ? `rss${version}` : 'rss-unversioned' };
  }
  if (root.localName === 'RDF') {
    const rss090 = Object.values(root.namespaces).some((uri) => normaliseNamespace(uri) === RSS_090);
    return { kind: 'rdf', format: rss090 ? 'rss0.90' : 'rss1.0' };
  }
  if (root.localName === 'feed') {
    if (namespace === ATOM_10) return { kind: 'atom', format: 'atom1.0' };
    if (namespace === ATOM_03 || root.attributes.version?.trim() === '0.3')
      return { kind: 'atom', format: 'atom0.3' };
    return { kind: 'atom', format: 'atom' };
  }
  return null;
}

/** Parses well-formed XML (rss-parser is strict); throws the XML or structure error as is. */
export async function readXmlFeed(
  xml: string,
  root: RootElement,
  kind: XmlFeedKind,
  documentUrl: string | null,
): Promise<Omit<DraftFeed, 'format'>> {
  const isAtom = kind === 'atom';
  const parser = new RssParser<RawFields, RawFields>({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [canonicalTagName(root, kind)] },
    customFields: {
      feed: FEED_RAW_FIELDS.map((name) => [name, RAW + name, { keepArray: true }]),
      item: ITEM_RAW_FIELDS.map((name) => [name, RAW + name, { keepArray: true }]),
    } as never,
  });
  let parsed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    parsed = await parser.parseString(withChannel(isAtom ? xhtmlAsText(xml) : xml, root, kind));
  } catch (error) {
    // rss-parser reads an empty root element (`<feed/>`) as "not recognized"; the root is known to be a feed.
    if (error instanceof Error && error.message.startsWith('Feed not recognized')) {
      return { title: null, link: null, items: [], refreshHintSeconds: null };
    }
    throw error;
  }
  const feedFields = parsed as unknown as RawFields;

  // The root's xml:base comes from the pre-read root tag; an Atom root is also the element rss-parser reads.
  const rootBase = resolveBase(root.attributes['xml:base'], validUrl(documentUrl));
  const channelBase = isAtom ? rootBase : resolveBase(ownAttributes(feedFields)['xml:base'], rootBase);
  const feedLink = pickLink(feedFields, isAtom, channelBase);
  // Without a document URL, the channel's own absolute link is the best base left for relative item links.
  const itemParentBase = (kind === 'rdf' ? rootBase : channelBase) ?? feedLink;

  const items = parsed.items.map((item) => readItem(item as unknown as RawFields, isAtom, itemParentBase));
  return {
    title: textConstruct(first(feedFields, 'title') ?? first(feedFields, 'dc:title'), isAtom) || null,
    link: feedLink,
    items,
    refreshHintSeconds: refreshHint(feedFields),
    hubs: linksWithRel(feedFields, 'hub', channelBase),
    selfUrl: linksWithRel(feedFields, 'self', channelBase)[0] ?? null,
  };
}

/** The channel's links of one relation (hub, self), Atom-style or plain, resolved and without repeats. */
function linksWithRel(fields: RawFields, rel: string, base: string | null): string[] {
  const found = [...all(fields, 'atom:link'), ...all(fields, 'link')]
    .filter((node) => (attributesOf(node).rel ?? '').trim().toLowerCase() === rel)
    .flatMap((node) => resolveUrl(attributesOf(node).href ?? textOf(node), base) ?? []);
  return [...new Set(found)];
}

function readItem(fields: RawFields, isAtom: boolean, parentBase: string | null): DraftItem {
  const attributes = ownAttributes(fields);
  const base = resolveBase(attributes['xml:base'], parentBase);
  const guidNode = first(fields, 'guid');
  const guid =
    collapseWhitespace(textOf(guidNode)) ||
    collapseWhitespace(textOf(first(fields, 'id'))) ||
    attributes['rdf:about']?.trim() ||
    null;
  let link = pickLink(fields, isAtom, base);
  if (
    !link &&
    guidNode !== undefined &&
    attributesOf(guidNode).isPermaLink?.trim().toLowerCase() !== 'false'
  ) {
    const candidate = collapseWhitespace(textOf(guidNode));
    if (isHttpUrl(candidate)) link = candidate;
  }
  return {
    guid,
    link,
    title: textConstruct(first(fields, 'title') ?? first(fields, 'dc:title'), isAtom),
    published: pickDate(fields),
    summary: pickSummary(fields),
  };
}

/**
 * The item's alternate link: Atom-style links (href or text, with rel) win in Atom, RSS text links win in
 * RSS, and each falls back to the other.
 */
function pickLink(fields: RawFields, isAtom: boolean, base: string | null): string | null {
  const atomLinks = all(fields, 'atom:link');
  const plainLinks = all(fields, 'link');
  const resolve = (node: XmlNode) => {
    const attributes = attributesOf(node);
    return resolveUrl(attributes.href ?? textOf(node), resolveBase(attributes['xml:base'], base));
  };
  const isAlternate = (node: XmlNode) =>
    ['', 'alternate'].includes((attributesOf(node).rel ?? '').trim().toLowerCase());
  const fromAlternates = (nodes: XmlNode[]) => {
    const alternates = nodes.filter(isAlternate);
    const preferred = [
      ...alternates.filter((node) => /html/i.test(attributesOf(node).type ?? '')),
      ...alternates,
    ];
    for (const node of preferred) {
      const resolved = resolve(node);
      if (resolved) return resolved;
    }
    return null;
  };
  return isAtom
    ? (fromAlternates([...atomLinks, ...plainLinks]) ?? null)
    : (fromAlternates(plainLinks) ?? fromAlternates(atomLinks));
}

function pickDate(fields: RawFields): string | null {
  for (const name of ITEM_DATE_FIELDS) {
    for (const node of all(fields, name)) {
      const parsed = parseDate(textOf(node));
      if (parsed) return parsed;
    }
  }
  return null;
}

/** rss-parser's own content reading (it rebuilds XHTML content into markup) supplies the summary. */
function pickSummary(fields: RawFields): string | null {
  for (const name of ['content:encoded', 'content', 'summary', 'description']) {
    const value = fields[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/** Title text: Atom's type/mode attributes decide; RSS titles are decoded when they look escaped. */
function textConstruct(node: XmlNode | undefined, isAtom: boolean): string {
  if (node === undefined) return '';
  const attributes = attributesOf(node);
  const type = (attributes.type ?? '').trim().toLowerCase();
  const mode = (attributes.mode ?? '').trim().toLowerCase();
  if (hasChildElements(node)) return collapseWhitespace(textOf(node));
  let text = textOf(node);
  if (mode === 'base64') text = Buffer.from(text, 'base64').toString('utf8');
  if (!isAtom) return looseTitleText(text);
  if (type === 'html' || type === 'text/html' || mode === 'escaped' || type.includes('xhtml'))
    return htmlToText(text);
  return collapseWhitespace(text);
}

function refreshHint(fields: RawFields): number | null {
  const ttlMinutes = Number.parseFloat(textOf(first(fields, 'ttl')));
  if (Number.isFinite(ttlMinutes) && ttlMinutes > 0) return Math.round(ttlMinutes * 60);
  const period = textOf(first(fields, 'sy:updatePeriod')).trim().toLowerCase();
  const periodSeconds = {
    hourly: 3600,
    daily: 86_400,
    weekly: 604_800,
    monthly: 2_592_000,
    yearly: 31_536_000,
  }[period];
  if (periodSeconds === undefined) return null;
  const frequency = Number.parseInt(textOf(first(fields, 'sy:updateFrequency')), 10);
  return Math.round(periodSeconds / (Number.isFinite(frequency) && frequency > 0 ? frequency : 1));
}

/**
 * rss-parser needs a channel in RSS and RDF. RDF items are the root's children anyway, so an empty channel
 * does; RSS items written straight under <rss> are wrapped into one.
 */
function withChannel(xml: string, root: RootElement, kind: XmlFeedKind): string {
  if (kind === 'atom' || /<(?:[\p{L}_][\p{L}\p{N}_.-]*:)?channel[\s>/]/u.test(xml)) return xml;
  const rootClose = xml.lastIndexOf(`</${root.name}`);
  if (kind === 'rdf' || rootClose < root.end)
    return `${xml.slice(0, root.end)}<channel></channel>${xml.slice(root.end)}`;
  return `${xml.slice(0, root.end)}<channel>${xml.slice(root.end, rootClose)}</channel>${xml.slice(rootClose)}`;
}

/**
 * Atom text constructs of type xhtml hold markup; xml2js would split it into child objects and lose the
 * order of text and elements. Escaping the markup first makes it one string, read as HTML afterwards.
 */
function xhtmlAsText(xml: string): string {
  const parts: string[] = [];
  let copied = 0;
  for (const start of xml.matchAll(TEXT_CONSTRUCT_START)) {
    const attributes = start[2];
    if (!attributes || attributes.endsWith('/') || !XHTML_TYPE.test(attributes)) continue;
    const contentStart = (start.index ?? 0) + start[0].length;
    if (contentStart < copied) continue;
    const end = xml.indexOf(`</${start[1]}>`, contentStart);
    if (end < 0) break;
    parts.push(xml.slice(copied, contentStart), escapeXml(xml.slice(contentStart, end)));
    copied = end;
  }
  return copied === 0 ? xml : parts.join('') + xml.slice(copied);
}

/** Builds the xml2js tag-name processor for one document, from the namespaces its root declares. */
function canonicalTagName(root: RootElement, kind: XmlFeedKind): (name: string) => string {
  const ownNamespaces = new Set(
    kind === 'atom' ? [ATOM_10, ATOM_03] : kind === 'rdf' ? [RSS_10, RSS_090] : [],
  );
  const rootPrefix = prefixOf(root.name);
  return (name) => {
    if (name === root.name && kind === 'rdf') return 'rdf:RDF';
    const prefix = prefixOf(name);
    let canonical = name;
    if (prefix) {
      const declared = root.namespaces[prefix];
      const namespace = normaliseNamespace(declared);
      if (
        declared !== undefined &&
        (ownNamespaces.has(namespace) || (prefix === rootPrefix && kind !== 'rdf'))
      ) {
        canonical = localName(name);
      } else if (declared !== undefined && CANONICAL_PREFIXES[namespace]) {
        canonical = `${CANONICAL_PREFIXES[namespace]}:${localName(name)}`;
      }
    }
    return kind === 'atom' && ATOM_RENAMED.has(canonical) ? `atom:${canonical}` : canonical;
  };
}

function prefixOf(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? '' : name.slice(0, colon);
}

function all(fields: RawFields, name: string): XmlNode[] {
  const value = fields[RAW + name];
  if (Array.isArray(value)) return value as XmlNode[];
  return value !== undefined && value !== null && typeof value === 'object' ? [value as XmlElement] : [];
}

function first(fields: RawFields, name: string): XmlNode | undefined {
  return all(fields, name)[0];
}

function attributesOf(node: XmlNode | undefined): Record<string, string> {
  return node === undefined || typeof node === 'string' ? {} : (node.$ ?? {});
}

/** The attributes of the element rss-parser copied the raw fields from (its `$`, kept as is). */
function ownAttributes(fields: RawFields): Record<string, string> {
  const attributes = fields[`${RAW}$`];
  return attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)
    ? (attributes as Record<string, string>)
    : {};
}

function hasChildElements(node: XmlNode): boolean {
  return typeof node !== 'string' && Object.keys(node).some((key) => key !== '_' && key !== '$');
}

/** Text of an xml2js node, children included (their order relative to the element's own text is lost). */
function textOf(node: XmlNode | undefined, depth = 0): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (depth > 32) return node._ ?? '';
  const parts = [node._ ?? ''];
  for (const [key, value] of Object.entries(node)) {
    if (key === '_' || key === '$' || !Array.isArray(value)) continue;
    for (const child of value) parts.push(textOf(child as XmlNode, depth + 1));
  }
  return parts.join(' ');
}

function resolveBase(xmlBase: string | undefined, parent: string | null): string | null {
  if (xmlBase === undefined || !xmlBase.trim()) return parent;
  return resolveUrl(xmlBase, parent) ?? parent;
}

function validUrl(url: string | null): string | null {
  return resolveUrl(url, null);
}
