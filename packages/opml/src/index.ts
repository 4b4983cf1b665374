// Owns OPML, the feed-list exchange format of feed readers: reading the feed
// outlines of a subscription list (nested categories included) and writing one.
import { PermanentError } from '@newsq/core';
import { escapeXml } from '@newsq/web-text';
import { Parser } from 'htmlparser2';

export interface OpmlFeed {
  url: string;
  title: string | null;
}

/** Feed outlines in document order, de-duplicated by URL; outlines without an http(s) xmlUrl are skipped. */
export function parseOpml(xml: string): OpmlFeed[] {
  const feeds = new Map<string, OpmlFeed>();
  let sawOpml = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const tag = name.toLowerCase();
        if (tag === 'opml') sawOpml = true;
        if (tag !== 'outline') return;
        const lowered = Object.fromEntries(
          Object.entries(attributes).map(([key, value]) => [key.toLowerCase(), value]),
        );
        const url = lowered.xmlurl?.trim();
        if (!url || !/^https?:\/\//i.test(url) || feeds.has(url)) return;
        feeds.set(url, { url, title: lowered.title?.trim() || lowered.text?.trim() || null });
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.end(xml);
  if (!sawOpml) throw new PermanentError('opml_invalid', 'opml: the document has no <opml> root');
  return [...feeds.values()];
}

export function renderOpml(feeds: readonly OpmlFeed[], title = 'newsq feeds'): string {
  const outlines = feeds
    .map((feed) => {
      const label = escapeXml(feed.title ?? feed.url);
      return `    <outline type="rss" text="${label}" title="${label}" xmlUrl="${escapeXml(feed.url)}"/>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>${escapeXml(title)}</title>
    <dateCreated>${new Date().toUTCString()}</dateCreated>
  </head>
  <body>
${outlines}
  </body>
</opml>
`;
}
