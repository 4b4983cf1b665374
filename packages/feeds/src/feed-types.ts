// Owns the shapes every format reader produces and the one error type parsing throws.
import { PermanentError } from '@newsq/core';

export interface FeedItem {
  /** The item's own guid/id, else its absolute link, else a hash of its content. */
  guid: string;
  link: string | null;
  title: string;
  /** ISO 8601 UTC. */
  published: string | null;
  /** Item content or description; HTML allowed. */
  summary: string | null;
}

export interface ParsedFeed {
  format: string;
  title: string | null;
  link: string | null;
  items: FeedItem[];
  warnings: string[];
  /** From `<ttl>` or `sy:updatePeriod`/`sy:updateFrequency`; null when the feed gives none. */
  refreshHintSeconds: number | null;
  /** WebSub hubs the document advertises (`<link rel="hub">`, JSON Feed `hubs`), absolute. */
  hubs: string[];
  /** The document's own URL as it declares it (`<link rel="self">`, JSON Feed `feed_url`): the WebSub topic. */
  selfUrl: string | null;
}

export type FeedParseErrorCode = 'feed_not_a_feed' | 'feed_malformed' | 'feed_too_large' | 'feed_empty';

export class FeedParseError extends PermanentError {
  constructor(code: FeedParseErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message.startsWith('feeds: ') ? message : `feeds: ${message}`, options);
    this.name = 'FeedParseError';
  }
}

/** What a format reader hands back before guids are settled and the feed is assembled. */
export interface DraftItem {
  guid: string | null;
  link: string | null;
  title: string;
  published: string | null;
  summary: string | null;
}

export interface DraftFeed {
  format: string;
  title: string | null;
  link: string | null;
  items: DraftItem[];
  refreshHintSeconds: number | null;
  /** Only formats that can advertise a WebSub hub set these. */
  hubs?: string[];
  selfUrl?: string | null;
}
