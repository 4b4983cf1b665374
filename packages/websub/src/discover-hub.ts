// Owns WebSub discovery: the hub and topic a fetched feed advertises. As the spec asks, the HTTP Link
// header (rel="hub", rel="self") wins over the links in the document; without a self link, the URL the
// feed was fetched from is the topic.

import { resolveHttpUrl } from '@newsq/web-text';
import LinkHeader from 'http-link-header';

export interface HubLink {
  hub: string;
  topic: string;
}

export function discoverHub(
  document: { hubs: readonly string[]; selfUrl: string | null },
  headers: Record<string, string>,
  fetchedUrl: string,
): HubLink | null {
  let links: LinkHeader | null = null;
  try {
    links = headers.link === undefined ? null : LinkHeader.parse(headers.link);
  } catch {
    // A Link header that does not parse advertises nothing; the document may still.
  }
  const fromHeader = (rel: string) =>
    (links?.rel(rel) ?? []).flatMap((link) => resolveHttpUrl(link.uri, fetchedUrl) ?? []);
  const hub =
    fromHeader('hub')[0] ?? document.hubs.flatMap((url) => resolveHttpUrl(url, fetchedUrl) ?? [])[0];
  if (hub === undefined) return null;
  const topic =
    fromHeader('self')[0] ??
    (document.selfUrl === null ? null : resolveHttpUrl(document.selfUrl, fetchedUrl));
  return { hub, topic: topic ?? fetchedUrl };
}
