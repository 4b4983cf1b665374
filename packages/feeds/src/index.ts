// Public surface of @newsq/feeds: bytes in, normalised feed items out, plus the parse-feeds batch command.

export { type FeedItem, FeedParseError, type FeedParseErrorCode, type ParsedFeed } from './feed-types';
export { DEFAULT_MAX_FEED_BYTES, type ParseFeedOptions, parseFeed } from './parse-feed';
export { runParseFeedsBatch } from './parse-feeds-batch';
