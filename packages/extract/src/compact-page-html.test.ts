import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactPageHtml } from './compact-page-html';
import { extractArticle } from './extract-article';

const testdata = new URL('./testdata/', import.meta.url);
const groundTruth: Record<string, { url: string }> = JSON.parse(
  readFileSync(new URL('ground-truth.json', testdata), 'utf8'),
);
const pages = readdirSync(testdata)
  .filter((file) => file.endsWith('.html'))
  .map((file) => {
    const id = file.replace(/\.html$/, '');
    return { id, url: groundTruth[id]!.url, html: readFileSync(new URL(file, testdata), 'utf8') };
  });

const ARTICLE = `<p>The council voted on Tuesday to approve a new budget for the public library system, ending months of debate.</p>
<p>Supporters said the money would extend opening hours in every district &amp; pay for a new mobile library van.</p>
<p>Opponents argued that the plan relied on optimistic revenue forecasts and would need to be revisited next spring.</p>`;

describe('compactPageHtml', () => {
  it('drops code, comments, page regions extraction never reads and unread attributes', () => {
    const html = `<!doctype html><html lang="en"><head><title>A &amp; B</title>
<link rel="stylesheet" href="/site.css"><link rel="canonical" href="/a-and-b">
<style>p { color: red }</style><script>track()</script>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"A < B"}</script></head>
<body><nav><a href="/">Home</a></nav><!-- ad slot -->
<article class="story" data-id="7" onclick="x()" style="color: red"><p>Text &lt;kept&gt;</p>
<div hidden>secret</div><div style="display: none">also secret</div><svg><text>icon</text></svg></article>
<footer><p>© Site</p><script type="application/ld+json">{"@type":"WebSite"}</script></footer></body></html>`;
    expect(compactPageHtml(html)).toBe(
      `<!doctype html><html lang="en"><head><title>A &amp; B</title>
<link rel="canonical" href="/a-and-b">

<script type="application/ld+json">{"@type":"NewsArticle","headline":"A < B"}</script></head>
<body>
<article class="story"><p>Text &lt;kept&gt;</p>
</article>
<script type="application/ld+json">{"@type":"WebSite"}</script></body></html>`,
    );
  });

  it('keeps what metadata reads inside dropped regions, without their text', () => {
    const html =
      '<body><aside><meta itemprop="datePublished" content="2024-05-14"><time datetime="2024-05-14T09:00:00Z">May 14</time>Teaser</aside></body>';
    expect(compactPageHtml(html)).toBe(
      '<body><meta itemprop="datePublished" content="2024-05-14"><time datetime="2024-05-14T09:00:00Z"></time></body>',
    );
  });

  it('writes implied end tags out, so the compacted page parses to the same tree', () => {
    expect(compactPageHtml('<div><p>One<p>Two</div>')).toBe('<div><p>One</p><p>Two</p></div>');
  });

  it('survives hostile markup', () => {
    const nested = `${'<div>'.repeat(50_000)}deep${'</div>'.repeat(10)}`;
    expect(compactPageHtml(nested)).toContain('deep');
    expect(compactPageHtml('<scr<!-- -->ipt>alert(1)</script><p>text')).not.toMatch(/<script/i);
    expect(compactPageHtml('<p a="x>y" b=\'<script>\'>z')).toBe('<p>z</p>');
  });

  it.each(pages)('is idempotent and leaves extraction unchanged on $id', ({ html, url }) => {
    const compact = compactPageHtml(html);
    expect(compactPageHtml(compact)).toBe(compact);
    expect(extractArticle(compact, url)).toEqual(extractArticle(html, url));
    expect(compact.length).toBeLessThan(html.length);
  });

  it('leaves extraction unchanged on a page with JSON-LD, hidden parts and furniture', () => {
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Budget approved', articleBody: 'Short.' })}</script></head>
<body><header><nav><a href="/">Home</a></nav></header><main><article><h1>Budget approved</h1>${ARTICLE}
<div aria-hidden="true">Hidden promo</div></article></main><footer>Contact us</footer></body></html>`;
    const url = 'https://news.example/budget';
    expect(extractArticle(compactPageHtml(html), url)).toEqual(extractArticle(html, url));
  });
});
