// Owns reading Microsoft's Channel Definition Format (<CHANNEL><ITEM HREF LASTMOD><TITLE/></ITEM>), a
// pre-RSS format some old sites still serve; rss-parser does not know it. Names are case-insensitive.

import { parseDate, resolveUrl } from '@newsq/web-text';
import { DomUtils, parseDocument } from 'htmlparser2';
import { htmlToText } from './feed-text';
import type { DraftFeed, DraftItem } from './feed-types';

type DomElement = ReturnType<typeof DomUtils.getElementsByTagName>[number];

export function readCdfFeed(xml: string, documentUrl: string | null): DraftFeed {
  const document = parseDocument(xml, { xmlMode: true });
  const channel = DomUtils.findOne((element) => element.name.toLowerCase() === 'channel', document.children);
  const base = resolveUrl(documentUrl, null);
  const itemElements = channel
    ? DomUtils.findAll((element) => element.name.toLowerCase() === 'item', channel.children)
    : [];
  const items = itemElements.map((element): DraftItem => {
    const abstract = childText(element, 'abstract');
    return {
      guid: null,
      link: resolveUrl(attribute(element, 'href'), base),
      title: htmlToText(childText(element, 'title')),
      published: parseDate(attribute(element, 'lastmod')),
      summary: abstract.trim() || null,
    };
  });
  return {
    format: 'cdf',
    title: channel ? htmlToText(childText(channel, 'title')) || null : null,
    link: channel ? resolveUrl(attribute(channel, 'href'), base) : null,
    items,
    refreshHintSeconds: null,
  };
}

function attribute(element: DomElement, name: string): string | undefined {
  const key = Object.keys(element.attribs).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : element.attribs[key];
}

function childText(element: DomElement, name: string): string {
  const child = element.children.find(
    (node): node is DomElement => DomUtils.isTag(node) && node.name.toLowerCase() === name,
  );
  return child ? DomUtils.textContent(child) : '';
}
