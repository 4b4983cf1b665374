// Owns parseFeed, the one entry point from bytes to items: size cap, stray gzip, charset, format detection,
// the strict rss-parser pass and the lenient recovery pass, and the last word on every item's guid.
import { decodeBody, inflateStrayGzip, StrayGzipError } from '@newsq/web-text';
import { contentGuid } from './feed-text';
import { type DraftFeed, FeedParseError, type ParsedFeed } from './feed-types';
import { readCdfFeed } from './read-cdf-feed';
import { readJsonFeed } from './read-json-feed';
import { readXmlFeed, xmlFeedFormat } from './read-xml-feed';
import { findRootElement, nestingDepth, recoverXml } from './xml-document';

export interface ParseFeedOptions {
  /** The HTTP Content-Type header, charset included. */
  contentType?: string | null;
  /** The document URL: the base for relative links. */
  url?: string | null;
  /** Bodies (and gunzipped bodies) over this many bytes are refused. */
  maxBytes?: number;
}

/** The one feed size cap (FEED_POLL_MAX_BYTES overrides it in feed-poll). */
export const DEFAULT_MAX_FEED_BYTES = 10 * 1024 * 1024;
/** Real feeds nest a few dozen elements deep (XHTML content included); deeper is hostile or broken. */
const MAX_NESTING_DEPTH = 512;

export async function parseFeed(body: Uint8Array, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
  const url = options.url ?? null;
  const warnings: string[] = [];
  if (body.byteLength > maxBytes) {
    throw new FeedParseError(
      'feed_too_large',
      `feeds: body of ${body.byteLength} bytes over the ${maxBytes}-byte cap`,
    );
  }
  const bytes = gunzipStray(body, maxBytes, warnings);
  const decoded = decodeBody(bytes, options.contentType, 'xml');
  warnings.push(...decoded.warnings);
  const text = decoded.text.trimStart();
  if (!text.trim()) throw new FeedParseError('feed_empty', 'feeds: empty document');
  if (text.length !== decoded.text.length && text.startsWith('<?xml')) {
    warnings.push('feeds: ignored whitespace before the XML declaration');
  }
  const draft =
    text.startsWith('{') || text.startsWith('[') ? parseJson(text, url) : await parseXml(text, url, warnings);
  return settleFeed(draft, warnings);
}

/** Some servers send gzip bytes without Content-Encoding; inflate them within the same cap. */
function gunzipStray(body: Uint8Array, maxBytes: number, warnings: string[]): Uint8Array {
  try {
    const { bytes, inflated } = inflateStrayGzip(body, maxBytes);
    if (inflated) warnings.push('feeds: body was gzip-compressed without Content-Encoding');
    return bytes;
  } catch (error) {
    if (!(error instanceof StrayGzipError)) throw error;
    throw new FeedParseError(
      error.reason === 'too_large' ? 'feed_too_large' : 'feed_malformed',
      `feeds: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

function parseJson(text: string, url: string | null): DraftFeed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError('feed_malformed', `feeds: invalid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const feed = readJsonFeed(value, url);
  if (!feed)
    throw new FeedParseError('feed_not_a_feed', 'feeds: JSON document is neither JSON Feed nor RSS-in-JSON');
  return feed;
}

async function parseXml(text: string, url: string | null, warnings: string[]): Promise<DraftFeed> {
  if (nestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) {
    throw new FeedParseError('feed_malformed', `feeds: elements nested more than ${MAX_NESTING_DEPTH} deep`);
  }
  const root = findRootElement(text);
  if (root && /^channel$/i.test(root.localName)) return readCdfFeed(text, url);
  const format = root ? xmlFeedFormat(root) : null;
  let strictError: unknown = null;
  if (root && format) {
    try {
      return { format: format.format, ...(await readXmlFeed(text, root, format.kind, url)) };
    } catch (error) {
      strictError = error;
    }
  }

  const recovered = recoverXml(text);
  const recoveredRoot = findRootElement(recovered.xml);
  const recoveredFormat = recoveredRoot ? xmlFeedFormat(recoveredRoot) : null;
  if (!recoveredRoot || !recoveredFormat) {
    if (strictError) throw malformed(strictError);
    const what = root ? `<${root.name}> document is` : 'document has no XML root element and is';
    throw new FeedParseError('feed_not_a_feed', `feeds: ${what} not RSS, Atom or JSON Feed`);
  }
  try {
    const draft = {
      format: recoveredFormat.format,
      ...(await readXmlFeed(recovered.xml, recoveredRoot, recoveredFormat.kind, url)),
    };
    if (strictError) warnings.push(`feeds: malformed XML recovered leniently (${oneLine(strictError)})`);
    if (recovered.lifted)
      warnings.push(`feeds: feed element lifted out of a <${root?.name ?? '?'}> document`);
    return draft;
  } catch (error) {
    throw malformed(strictError ?? error);
  }
}

function malformed(error: unknown): FeedParseError {
  return new FeedParseError('feed_malformed', `feeds: malformed XML: ${oneLine(error)}`, { cause: error });
}

function oneLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** Every item leaves with a guid: its own, else its link, else a hash of its content. */
function settleFeed(draft: DraftFeed, warnings: string[]): ParsedFeed {
  return {
    format: draft.format,
    title: draft.title,
    link: draft.link,
    items: draft.items.map((item) => ({
      ...item,
      guid: item.guid ?? item.link ?? contentGuid(item.title, item.published, item.summary),
    })),
    warnings,
    refreshHintSeconds: draft.refreshHintSeconds,
    hubs: draft.hubs ?? [],
    selfUrl: draft.selfUrl ?? null,
  };
}
