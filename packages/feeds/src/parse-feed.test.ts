import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from './index';

const URL_BASE = 'http://feeds.example.test/blog/feed.xml';
const parse = (
  text: string,
  options: { contentType?: string; url?: string | null; maxBytes?: number } = {},
) => parseFeed(Buffer.from(text), { url: URL_BASE, ...options });
const fixture = (file: string) => readFileSync(new URL(`./testdata/${file}`, import.meta.url));

async function parseError(
  text: string | Uint8Array,
  options: { maxBytes?: number } = {},
): Promise<FeedParseError> {
  try {
    await parseFeed(typeof text === 'string' ? Buffer.from(text) : text, { url: URL_BASE, ...options });
  } catch (error) {
    if (error instanceof FeedParseError) return error;
    throw error;
  }
  throw new Error('expected parseFeed to throw');
}

const RSS2 = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Blog</title><link>http://example.org/</link><ttl>30</ttl>
<item><title>First</title><link>http://example.org/1</link><guid>tag:example.org,1</guid>
<pubDate>Sun, 05 Jan 2004 14:05:09 GMT</pubDate><description>&lt;p&gt;One&lt;/p&gt;</description></item>
</channel></rss>`;

const ATOM10 = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom blog</title>
<link href="http://example.org/"/>
<entry><title>First</title><id>urn:1</id><link rel="self" href="http://example.org/1.atom"/>
<link rel="alternate" type="text/html" href="http://example.org/1"/><published>2004-01-05T14:05:09Z</published>
<updated>2005-01-01T00:00:00Z</updated><content type="html">&lt;p&gt;One&lt;/p&gt;</content></entry></feed>`;

describe('parseFeed: formats', () => {
  it.each([
    ['RSS 2.0', RSS2, 'rss2.0'],
    [
      'RSS 0.91',
      `<rss version="0.91"><channel><title>Old</title><item><title>First</title><link>http://example.org/1</link></item></channel></rss>`,
      'rss0.91',
    ],
    [
      'RSS without a version',
      `<rss><channel><item><title>First</title><link>http://example.org/1</link></item></channel></rss>`,
      'rss-unversioned',
    ],
    [
      'RSS 1.0 (RDF)',
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
       <channel rdf:about="http://example.org/"><title>RDF</title><link>http://example.org/</link></channel>
       <item rdf:about="http://example.org/1"><title>First</title><link>http://example.org/1</link><dc:date>2004-01-05T14:05:09Z</dc:date></item>
       </rdf:RDF>`,
      'rss1.0',
    ],
    [
      'RSS 0.90 (RDF)',
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
       <channel><title>Old RDF</title><link>http://example.org/</link></channel>
       <item><title>First</title><link>http://example.org/1</link></item></rdf:RDF>`,
      'rss0.90',
    ],
    ['Atom 1.0', ATOM10, 'atom1.0'],
    [
      'Atom 1.0 with a prefixed root',
      `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed</a:title>
       <a:entry><a:title>First</a:title><a:id>urn:1</a:id><a:link href="http://example.org/1"/><a:updated>2004-01-05T14:05:09Z</a:updated></a:entry></a:feed>`,
      'atom1.0',
    ],
    [
      'Atom 0.3',
      `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
       <entry><title>First</title><link rel="alternate" type="text/html" href="http://example.org/1"/><issued>2004-01-05T14:05:09Z</issued></entry></feed>`,
      'atom0.3',
    ],
    [
      'JSON Feed 1.0',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1',
        title: 'JSON',
        home_page_url: 'http://example.org/',
        items: [
          { id: '1', title: 'First', url: 'http://example.org/1', date_published: '2004-01-05T14:05:09Z' },
        ],
      }),
      'jsonfeed1',
    ],
    [
      'JSON Feed 1.1',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON',
        items: [{ id: '1', title: 'First', url: '/1', date_published: '2004-01-05T14:05:09Z' }],
      }),
      'jsonfeed1.1',
    ],
    [
      'RSS-in-JSON',
      JSON.stringify({
        rss: {
          version: '2.0',
          channel: {
            title: 'RSS in JSON',
            item: [
              { title: 'First', link: 'http://example.org/1', pubDate: 'Sun, 05 Jan 2004 14:05:09 GMT' },
            ],
          },
        },
      }),
      'rss-in-json',
    ],
    [
      'CDF',
      `<CHANNEL HREF="http://example.org/"><ITEM HREF="http://example.org/1" LASTMOD="2004-01-05T14:05:09Z"><TITLE>First</TITLE></ITEM></CHANNEL>`,
      'cdf',
    ],
  ])('%s', async (_name, document, format) => {
    const feed = await parse(document);
    expect(feed.format).toBe(format);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]?.title).toBe('First');
    expect(feed.items[0]?.link).toMatch(/^http:\/\/(example\.org|feeds\.example\.test)\/1$/);
    expect(feed.warnings).toEqual([]);
  });

  it.each([
    ['<rss version="2.0"><channel/></rss>', 'rss2.0'],
    ['<rss/>', 'rss-unversioned'],
    ['<feed xmlns="http://www.w3.org/2005/Atom"/>', 'atom1.0'],
    ['<feed xmlns="http://www.w3.org/2005/Atom">\n</feed>', 'atom1.0'],
    [
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"></rdf:RDF>',
      'rss1.0',
    ],
  ])('reads the empty feed %s as no items', async (document, format) => {
    const feed = await parse(document);
    expect(feed).toMatchObject({ format, items: [], warnings: [] });
  });

  it('reads RSS items written straight under <rss>, without a channel', async () => {
    const feed = await parse('<rss><item><title>One</title></item><item><title>Two</title></item></rss>');
    expect(feed.items.map((item) => item.title)).toEqual(['One', 'Two']);
  });

  it('reads the full item shape from RSS 2.0', async () => {
    const feed = await parse(RSS2);
    expect(feed).toMatchObject({ title: 'Blog', link: 'http://example.org/', refreshHintSeconds: 1800 });
    expect(feed.items[0]).toEqual({
      guid: 'tag:example.org,1',
      link: 'http://example.org/1',
      title: 'First',
      published: '2004-01-05T14:05:09Z',
      summary: '<p>One</p>',
    });
  });

  it('prefers the Atom alternate link and the published date', async () => {
    const feed = await parse(ATOM10);
    expect(feed).toMatchObject({ title: 'Atom blog', link: 'http://example.org/' });
    expect(feed.items[0]).toMatchObject({
      guid: 'urn:1',
      link: 'http://example.org/1',
      published: '2004-01-05T14:05:09Z',
    });
  });

  it('takes the refresh hint from sy:updatePeriod and sy:updateFrequency', async () => {
    const feed =
      await parse(`<rss version="2.0" xmlns:syn="http://purl.org/rss/1.0/modules/syndication/"><channel>
      <syn:updatePeriod>hourly</syn:updatePeriod><syn:updateFrequency>2</syn:updateFrequency></channel></rss>`);
    expect(feed.refreshHintSeconds).toBe(1800);
    expect((await parse(ATOM10)).refreshHintSeconds).toBeNull();
  });

  it('reads a real windows-1251 feed (miniflux fixture)', async () => {
    const feed = await parseFeed(fixture('miniflux-encoding-windows-1251.xml'), {
      contentType: 'application/rss+xml',
    });
    expect(feed.items).toHaveLength(50);
    expect(feed.items[0]).toMatchObject({
      title: 'Цитата #17703',
      link: 'http://ibash.org.ru/quote.php?id=17703',
      published: '2018-03-21T07:27:32Z',
    });
  });

  it('reads a real UTF-16LE feed without byte-order mark or declaration (SimplePie fixture)', async () => {
    const feed = await parseFeed(fixture('simplepie-feed-utf16le.xml'), {
      contentType: 'application/rss+xml',
    });
    expect(feed.items.map((item) => item.title)).toEqual(['Test feed title 1']);
  });
});

describe('parseFeed: links', () => {
  it.each([
    [
      'xml:base on the Atom root, entry and link',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/base/">
       <entry xml:base="posts/"><title>x</title><link href="1.html"/></entry>
       <entry><title>y</title><link xml:base="/other/" href="2.html"/></entry></feed>`,
      ['http://example.org/base/posts/1.html', 'http://example.org/other/2.html'],
    ],
    [
      'xml:base on the RSS channel',
      `<rss version="2.0"><channel xml:base="http://example.org/news/"><item><link>a.html</link></item></channel></rss>`,
      ['http://example.org/news/a.html'],
    ],
    [
      'relative links against the document URL',
      `<rss version="2.0"><channel><item><link>../posts/a.html</link></item><item><link>/b.html</link></item></channel></rss>`,
      ['http://feeds.example.test/posts/a.html', 'http://feeds.example.test/b.html'],
    ],
    [
      'a permalink guid stands in for a missing link',
      `<rss version="2.0"><channel><item><guid>http://example.org/p/1</guid></item>
       <item><guid isPermaLink="true">https://example.org/p/2</guid></item></channel></rss>`,
      ['http://example.org/p/1', 'https://example.org/p/2'],
    ],
    [
      'a guid that is not a permalink, or not a URL, does not',
      `<rss version="2.0"><channel><item><guid isPermaLink="false">http://example.org/p/1</guid></item>
       <item><guid>1234@example.org</guid></item></channel></rss>`,
      [null, null],
    ],
    [
      'Atom links given as element text, and atom:link in RSS',
      `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
       <item><atom:link rel="alternate" href="http://example.org/a"/></item></channel></rss>`,
      ['http://example.org/a'],
    ],
  ])('%s', async (_name, document, links) => {
    const feed = await parse(document);
    expect(feed.items.map((item) => item.link)).toEqual(links);
  });

  it('drops links that would run script or read local files', async () => {
    const feed = await parse(`<rss version="2.0"><channel><item><link>javascript:alert(1)</link></item>
      <item><link>file:///etc/passwd</link></item><item><link> data:text/html,x</link></item></channel></rss>`);
    expect(feed.items.map((item) => item.link)).toEqual([null, null, null]);
  });

  it('falls back to the channel link as base when there is no document URL', async () => {
    const feed = await parse(
      `<rss version="2.0"><channel><link>http://example.org/blog/</link><item><link>p/1</link></item></channel></rss>`,
      {
        url: null,
      },
    );
    expect(feed.items[0]?.link).toBe('http://example.org/blog/p/1');
  });
});

describe('parseFeed: titles, dates and guids', () => {
  it.each([
    [
      'entities in RSS',
      `<rss><channel><item><title>Fish &amp;amp; Chips &amp;eacute;t&#233;</title></item></channel></rss>`,
      'Fish & Chips été',
    ],
    [
      'markup in RSS',
      `<rss><channel><item><title><![CDATA[<b>Bold</b> move]]></title></item></channel></rss>`,
      'Bold move',
    ],
    [
      'HTML named entities known to the XML parser',
      `<rss><channel><item><title>caf&eacute;&nbsp;bar</title></item></channel></rss>`,
      'café bar',
    ],
    [
      'Atom type="html"',
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;em&gt;Hi&lt;/em&gt; &amp;amp; bye</title></entry></feed>`,
      'Hi & bye',
    ],
    [
      'Atom type="text" keeps angle brackets',
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">a &lt;b&gt; c</title></entry></feed>`,
      'a <b> c',
    ],
    [
      'Atom type="xhtml", text and markup in order',
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">History of the <b>blink</b> tag &amp; more</div></title></entry></feed>`,
      'History of the blink tag & more',
    ],
    [
      'Atom 0.3 base64 mode',
      `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title mode="base64">${Buffer.from('Décodé').toString('base64')}</title></entry></feed>`,
      'Décodé',
    ],
    [
      'whitespace collapsed',
      `<rss><channel><item><title>\n  Two\n   lines  </title></item></channel></rss>`,
      'Two lines',
    ],
  ])('%s', async (_name, document, title) => {
    expect((await parse(document)).items[0]?.title).toBe(title);
  });

  it.each([
    ['pubDate', '<pubDate>Sun, 05 Jan 2004 14:05:09 +0100</pubDate>', '2004-01-05T13:05:09Z'],
    ['dc:date', '<dc:date>2004-01-05T14:05:09Z</dc:date>', '2004-01-05T14:05:09Z'],
    ['dcterms:modified', '<dcterms:modified>2004-01-05</dcterms:modified>', '2004-01-05T00:00:00Z'],
    [
      'a bad date falls through to the next element',
      '<pubDate>someday</pubDate><dc:date>2004-01-05T14:05:09Z</dc:date>',
      '2004-01-05T14:05:09Z',
    ],
    ['a bad date alone is null', '<pubDate>someday</pubDate>', null],
  ])('date from %s', async (_name, element, published) => {
    const feed =
      await parse(`<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><channel>
      <item><title>x</title>${element}</item><item><title>y</title><pubDate>Sun, 05 Jan 2004 14:05:09 GMT</pubDate></item></channel></rss>`);
    expect(feed.items.map((item) => item.published)).toEqual([published, '2004-01-05T14:05:09Z']);
  });

  it.each([
    [
      'Atom updated when there is no published',
      '<updated>2005-01-01T00:00:00Z</updated>',
      '2005-01-01T00:00:00Z',
    ],
    ['Atom 0.3 modified', '<modified>2005-01-01T00:00:00Z</modified>', '2005-01-01T00:00:00Z'],
    ['an invalid Atom date does not lose the feed', '<published>not a date</published>', null],
  ])('%s', async (_name, element, published) => {
    const feed = await parse(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>${element}</entry></feed>`,
    );
    expect(feed.items[0]?.published).toBe(published);
  });

  it('reads extension elements under any prefix bound to their namespace', async () => {
    const feed = await parse(`<rss version="2.0" xmlns:dublin="HTTP://purl.org/dc/elements/1.1"><channel>
      <item><dublin:date>2004-01-05T14:05:09Z</dublin:date></item></channel></rss>`);
    expect(feed.items[0]?.published).toBe('2004-01-05T14:05:09Z');
  });

  it('always sets a guid: own id, else link, else a stable content hash', async () => {
    const document = `<rss><channel><item><guid>g1</guid><link>http://example.org/1</link></item>
      <item><link>http://example.org/2</link></item><item><title>No id</title></item></channel></rss>`;
    const [first, second] = [await parse(document), await parse(document)];
    expect(first.items.map((item) => item.guid).slice(0, 2)).toEqual(['g1', 'http://example.org/2']);
    expect(first.items[2]?.guid).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(second.items[2]?.guid).toBe(first.items[2]?.guid);
  });
});

describe('parseFeed: malformed documents', () => {
  it.each([
    [
      'a truncated document',
      `<rss version="2.0"><channel><item><title>One</title></item><item><title>Two</title></item><item><title>Thr`,
      3,
    ],
    [
      'a bare ampersand',
      `<rss version="2.0"><channel><item><title>AT&T</title><link>http://example.org/?a=1&b=2</link></item></channel></rss>`,
      1,
    ],
    [
      'an undefined entity',
      `<rss version="2.0"><channel><item><title>&bogus; &frac14;</title></item></channel></rss>`,
      1,
    ],
    [
      'an unclosed element before the items',
      `<rss version="2.0"><channel><category>tech<item><title>One</title></item><item><title>Two</title></item></channel></rss>`,
      2,
    ],
    [
      'a mismatched end tag',
      `<rss version="2.0"><channel><item><title>One</b></title></item></channel></rss>`,
      1,
    ],
    [
      'a feed nested in an XHTML page',
      `<!DOCTYPE html><html><body><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>One</title></entry></feed></body></html>`,
      1,
    ],
  ])('recovers %s with a warning', async (_name, document, count) => {
    const feed = await parse(document);
    expect(feed.items).toHaveLength(count);
    expect(feed.warnings.join('\n')).toMatch(/^feeds: /m);
    expect(feed.warnings.join('\n')).toMatch(/recovered leniently|lifted out/);
  });

  it.each([
    ['a second document', '<rss><channel><item><title>Again</title></item></channel></rss>'],
    ['junk and a stray end tag', 'junk & more</channel><item><title>Again</title></item>'],
  ])('reads only the root element when %s trails it', async (_name, trailer) => {
    const feed = await parse(
      `<rss version="2.0"><channel><item><title>One</title></item></channel></rss>\n${trailer}`,
    );
    expect(feed.items.map((item) => item.title)).toEqual(['One']);
  });

  it('keeps the recovered text: bare ampersands and HTML entities decoded', async () => {
    const feed = await parse(
      `<rss version="2.0"><channel><item><title>AT&T &frac14; &bogus;</title><link>http://example.org/?a=1&b=2</link></item></channel></rss>`,
    );
    expect(feed.items[0]).toMatchObject({ title: 'AT&T ¼ &bogus;', link: 'http://example.org/?a=1&b=2' });
  });

  it('drops control characters XML does not allow', async () => {
    const feed = await parse(
      `<rss version="2.0"><channel><item><title>On\u0001e\u001f</title></item></channel></rss>`,
    );
    expect(feed.items[0]?.title).toBe('One');
  });

  it('ignores whitespace before the XML declaration, with a warning', async () => {
    const feed = await parse(`\n  ${RSS2}`);
    expect(feed.items).toHaveLength(1);
    expect(feed.warnings).toContain('feeds: ignored whitespace before the XML declaration');
  });

  it('inflates a gzip body served without Content-Encoding', async () => {
    const feed = await parseFeed(gzipSync(Buffer.from(RSS2)), { url: URL_BASE });
    expect(feed.items).toHaveLength(1);
    expect(feed.warnings.join()).toMatch(/gzip/);
  });

  it.each([
    ['an empty body', '', 'feed_empty'],
    ['whitespace only', ' \n\t ', 'feed_empty'],
    [
      'an HTML page',
      '<!DOCTYPE html><html><head><title>Hi</title></head><body><p>Not a feed</p></body></html>',
      'feed_not_a_feed',
    ],
    ['plain text', 'hello world', 'feed_not_a_feed'],
    ['JSON that is not a feed', '{"hello": "world"}', 'feed_not_a_feed'],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1", "items": [', 'feed_malformed'],
    [
      'an Atom entry document',
      '<entry xmlns="http://www.w3.org/2005/Atom"><title>x</title></entry>',
      'feed_not_a_feed',
    ],
    [
      'elements nested absurdly deep',
      `<rss><channel>${'<a>'.repeat(5000)}</channel></rss>`,
      'feed_malformed',
    ],
  ])('rejects %s with a clear error', async (_name, document, code) => {
    const error = await parseError(document);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^feeds: /);
  });
});

describe('parseFeed: hostile documents', () => {
  it('leaves entity expansion ("billion laughs") inert, and fast', async () => {
    const levels = Array.from(
      { length: 9 },
      (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
    ).join('\n');
    const document = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]>
      <rss version="2.0"><channel><item><title>&lol9;</title><link>http://example.org/1</link></item></channel></rss>`;
    const started = performance.now();
    const feed = await parse(document);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]?.title.length).toBeLessThan(20);
  });

  it('never resolves external entities', async () => {
    const document = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>`;
    const feed = await parse(document);
    expect(feed.items[0]?.title).not.toMatch(/root:/);
    expect(feed.items[0]?.title.length).toBeLessThan(10);
  });

  it('refuses bodies over the size cap', async () => {
    const error = await parseError(Buffer.from(RSS2), { maxBytes: 100 });
    expect(error.code).toBe('feed_too_large');
    expect(error.message).toMatch(/^feeds: body of \d+ bytes over the 100-byte cap/);
  });

  it('refuses a gzip body that inflates past the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    const error = await parseError(bomb, { maxBytes: 1024 * 1024 });
    expect(error.code).toBe('feed_too_large');
  });
});

describe('WebSub discovery', () => {
  it('reads the hubs and the self link of RSS, Atom and JSON Feed', async () => {
    const rss =
      await parse(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
      <link>http://example.org/</link><atom:link rel="hub" href="https://hub.example/"/>
      <atom:link rel="hub" href="https://hub.example/"/><atom:link rel="self" href="/blog/feed.xml"/>
      <atom:link rel="HUB" href="https://other-hub.example/push"/></channel></rss>`);
    expect(rss.hubs).toEqual(['https://hub.example/', 'https://other-hub.example/push']);
    expect(rss.selfUrl).toBe('http://feeds.example.test/blog/feed.xml');
    const atom = await parse(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <link rel="alternate" href="http://example.org/"/><link rel="hub" href="https://hub.example/"/>
      <link rel="self" href="http://example.org/atom.xml"/></feed>`);
    expect(atom).toMatchObject({ hubs: ['https://hub.example/'], selfUrl: 'http://example.org/atom.xml' });
    const json = await parse(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'T',
        feed_url: 'https://example.org/feed.json',
        hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
        items: [],
      }),
    );
    expect(json).toMatchObject({ hubs: ['https://hub.example/'], selfUrl: 'https://example.org/feed.json' });
    expect((await parse(RSS2)).hubs).toEqual([]);
  });
});
