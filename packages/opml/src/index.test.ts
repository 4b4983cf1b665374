import { describe, expect, it } from 'vitest';
import { parseOpml, renderOpml } from './index';

describe('OPML', () => {
  it('reads nested outlines, attribute case variants and entities, skipping non-feeds and repeats', () => {
    const xml = `<?xml version="1.0"?>
<opml version="1.0"><head><title>Subs</title></head><body>
  <outline text="World">
    <outline type="rss" text="Wire &amp; More" xmlUrl="https://wire.example/feed.xml"/>
    <outline type="rss" title="Desk" xmlurl="http://desk.example/rss?a=1&amp;b=2"/>
  </outline>
  <outline text="not a feed" htmlUrl="https://example.org/"/>
  <outline type="rss" text="again" xmlUrl="https://wire.example/feed.xml"/>
  <outline type="rss" text="bad scheme" xmlUrl="javascript:alert(1)"/>
</body></opml>`;
    expect(parseOpml(xml)).toEqual([
      { url: 'https://wire.example/feed.xml', title: 'Wire & More' },
      { url: 'http://desk.example/rss?a=1&b=2', title: 'Desk' },
    ]);
  });

  it('round-trips what it writes', () => {
    const feeds = [
      { url: 'https://a.example/feed?x=1&y=2', title: 'A <&> "B"' },
      { url: 'https://c.example/atom', title: null },
    ];
    expect(parseOpml(renderOpml(feeds))).toEqual([
      feeds[0],
      { url: 'https://c.example/atom', title: 'https://c.example/atom' },
    ]);
  });

  it('rejects a document that is not OPML', () => {
    expect(() => parseOpml('<html><body>hi</body></html>')).toThrow(/^opml: /);
  });
});
