import { describe, expect, it } from 'vitest';
import { ExtractError } from './errors';
import { extractArticle } from './extract-article';

const PARAGRAPHS = [
  'The city council voted on Tuesday to approve a new budget for the public library system, ending months of debate.',
  'Supporters said the money would extend opening hours in every district and pay for a new mobile library van.',
  'Opponents argued that the plan relied on optimistic revenue forecasts and would need to be revisited next spring.',
  'The mayor is expected to sign the budget into law before the end of the month, according to her spokesperson.',
];

function page(
  options: { head?: string; before?: string; after?: string; paragraphs?: string[] } = {},
): string {
  const body = (options.paragraphs ?? PARAGRAPHS).map((text) => `<p>${text}</p>`).join('\n');
  return `<!doctype html><html lang="en-GB"><head><title>Library budget approved | Example News</title>${options.head ?? ''}</head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav>
<article><h1>Library budget approved</h1>${options.before ?? ''}${body}${options.after ?? ''}</article>
<footer>Copyright Example News</footer></body></html>`;
}

const URL = 'https://news.example/2024/05/library-budget';

describe('extractArticle metadata', () => {
  it('reads JSON-LD NewsArticle fields, also inside @graph', () => {
    const jsonLd = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Example News' },
        {
          '@type': 'NewsArticle',
          headline: 'Council approves library budget',
          datePublished: '2024-05-14T09:30:00+02:00',
          dateModified: '2024-05-14T12:00:00+02:00',
          author: [
            { '@type': 'Person', name: 'Ada Lovelace' },
            { '@type': 'Person', name: 'Alan Turing' },
          ],
          image: { '@type': 'ImageObject', url: '/images/library.jpg' },
          publisher: { '@type': 'Organization', name: 'Example News' },
        },
      ],
    };
    const result = extractArticle(
      page({ head: `<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>` }),
      URL,
    );
    expect(result).toMatchObject({
      title: 'Council approves library budget',
      authors: ['Ada Lovelace', 'Alan Turing'],
      publishedAt: '2024-05-14T07:30:00Z',
      modifiedAt: '2024-05-14T10:00:00Z',
      siteName: 'Example News',
      leadImage: 'https://news.example/images/library.jpg',
      language: 'en-GB',
      method: 'readability',
    });
  });

  it('falls back to OpenGraph, meta tags and rel=canonical', () => {
    const head = `<link rel="canonical" href="/2024/05/library-budget?ref=canonical">
      <meta property="og:title" content="Library budget approved - Example News">
      <meta property="og:site_name" content="Example News">
      <meta property="og:image" content="https://cdn.example/lib.jpg">
      <meta property="article:published_time" content="2024-05-14T09:30:00Z">
      <meta name="author" content="Grace Hopper">`;
    const result = extractArticle(page({ head }), URL);
    expect(result).toMatchObject({
      title: 'Library budget approved',
      authors: ['Grace Hopper'],
      publishedAt: '2024-05-14T09:30:00Z',
      canonicalUrl: 'https://news.example/2024/05/library-budget?ref=canonical',
      siteName: 'Example News',
      leadImage: 'https://cdn.example/lib.jpg',
    });
  });

  it('survives malformed JSON-LD', () => {
    const head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Broken</script>';
    expect(extractArticle(page({ head }), URL).text).toContain(PARAGRAPHS[0]);
  });
});

describe('extractArticle body', () => {
  it('returns plain text paragraphs separated by blank lines', () => {
    const result = extractArticle(page(), URL);
    expect(result.text).toBe(PARAGRAPHS.join('\n\n'));
    expect(result.wordCount).toBe(PARAGRAPHS.join(' ').match(/[\p{L}\p{N}_]+/gu)!.length);
  });

  it.each([
    [
      'a figure caption',
      '<figure><img src="/a.jpg"><figcaption>Readers at the central library, 2023.</figcaption></figure>',
    ],
    [
      'a caption class',
      '<div class="wp-caption"><img src="/a.jpg"><p class="wp-caption-text">The central library.</p></div>',
    ],
    ['a byline block', '<div class="article-byline">By Ada Lovelace, Staff Writer</div>'],
    ['a leading date line', '<p>May 14, 2024 9:30 am</p>'],
    [
      'a share bar',
      '<div class="share-buttons"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>',
    ],
    [
      "the article's own header (kicker, dek, byline)",
      '<header><p>CITY HALL</p><p>A long debate ends with a vote that pleases nobody entirely, officials say</p><p>ADA LOVELACE</p></header>',
    ],
    ['share words left as text', '<p>Share Tweet Submit</p>'],
    ['a view counter with its label', '<div class="info"><p>3.409</p><p>letture</p></div>'],
    ['a photo count', '<div class="gallery"><p>12</p></div>'],
    [
      'a caption set under an image',
      '<p><img src="/a.jpg"><br><em>The reading room after the renovation.</em></p>',
    ],
    [
      'text inside a figure',
      '<figure><img src="/a.jpg"><div><p>Readers in the new wing, 2023.</p></div></figure>',
    ],
  ])('drops %s', (_name, furniture) => {
    const result = extractArticle(page({ before: furniture }), URL);
    expect(result.text).toBe(PARAGRAPHS.join('\n\n'));
  });

  it.each([
    ['a read-more teaser', '<p>Read more: <a href="/other">Library opens new wing</a></p>'],
    ['a wire credit line', '<p>(Reporting by Ada Lovelace; Editing by Alan Turing)</p>'],
    [
      'a trailing related-stories list',
      '<h3>More stories</h3><ul><li><a href="/a">Park reopens</a></li><li><a href="/b">Bridge repairs begin</a></li></ul>',
    ],
    [
      'a follow prompt',
      '<p>Follow @ExampleNews on Twitter to keep up with the latest decisions from the council chamber.</p>',
    ],
    ['a newsletter prompt', '<p>Get the morning briefing delivered to your inbox, free every weekday.</p>'],
    [
      'an author box',
      '<p>Ada Lovelace is a staff writer covering city hall and local budgets for Example News.</p>',
    ],
    ['a comments heading', '<h3>Leave a reply</h3>'],
    [
      'a widget of other stories under its heading',
      '<div><h2>Most popular</h2><p>Park reopens after a long renovation, with new paths.</p><p>Bridge repairs begin on Monday, the council says.</p></div>',
    ],
    ['a bare widget heading', '<p>RECENT ARTICLES</p>'],
  ])('drops %s after the body', (_name, boilerplate) => {
    const result = extractArticle(page({ after: boilerplate }), URL);
    expect(result.text).toBe(PARAGRAPHS.join('\n\n'));
  });

  it('drops a list of links to the same site between paragraphs', () => {
    const closing = 'The library board will publish the detailed spending plan on its website next week.';
    const list =
      '<ul><li><a href="https://news.example/park">Park reopens</a></li><li><a href="/bridge">Bridge repairs begin</a></li></ul>';
    const result = extractArticle(page({ after: `${list}<p>${closing}</p>` }), URL);
    expect(result.text).toBe([...PARAGRAPHS, closing].join('\n\n'));
  });

  it('drops a list of story teasers (linked headlines with their summaries) between paragraphs', () => {
    const closing = 'The library board will publish the detailed spending plan on its website next week.';
    const teaser = (path: string, headline: string, summary: string) =>
      `<li><a href="${path}"><img src="${path}/thumb.jpg" alt=""><h3>${headline}</h3></a><p>${summary}</p>city</li>`;
    const list = `<ul>${teaser('/park', 'Park reopens', 'The renovated park opened on Saturday with new paths and a café.')}${teaser('https://news.example/bridge', 'Bridge repairs begin', 'Lanes will close overnight for six weeks while crews replace the deck.')}</ul>`;
    const result = extractArticle(page({ after: `${list}<p>${closing}</p>` }), URL);
    expect(result.text).toBe([...PARAGRAPHS, closing].join('\n\n'));
  });

  it('keeps lists of links to other sites and sentences that merely mention the same words', () => {
    const deals =
      '<ul><li><a href="https://shop.example/a">Cordless drill for $59</a></li><li><a href="https://store.example/b">Ladder for $80</a></li></ul>';
    const sentences = [
      'Follow the money, the auditor told the council, and the problems become obvious.',
      'The latest figures show that visits rose by a third after the evening hours were extended.',
    ];
    const result = extractArticle(
      page({ after: `${deals}${sentences.map((text) => `<p>${text}</p>`).join('')}` }),
      URL,
    );
    expect(result.text).toBe(
      [...PARAGRAPHS, 'Cordless drill for $59', 'Ladder for $80', ...sentences].join('\n\n'),
    );
  });

  it('keeps only paragraphs found in a complete JSON-LD articleBody', () => {
    const jsonLd = {
      '@type': 'NewsArticle',
      headline: 'Library budget approved',
      articleBody: PARAGRAPHS.join('\n'),
    };
    const promo =
      '<p>Our newsletter brings you the best local stories every single morning, sign up today for free.</p>';
    const result = extractArticle(
      page({ head: `<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>`, after: promo }),
      URL,
    );
    expect(result.method).toBe('readability+json-ld');
    expect(result.text).toBe(PARAGRAPHS.join('\n\n'));
  });

  it('uses the JSON-LD articleBody when the page markup holds no article', () => {
    const articleBody = PARAGRAPHS.join('\n');
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({ '@type': 'Article', headline: 'Budget', articleBody })}</script></head><body><div id="app"></div></body></html>`;
    const result = extractArticle(html, URL);
    expect(result.method).toBe('json-ld');
    expect(result.text).toBe(PARAGRAPHS.join('\n\n'));
  });
});

describe('extractArticle fallback', () => {
  const shellPage =
    '<html><head><title>Video: budget vote</title></head><body><div id="player"></div></body></html>';

  it('uses the feed summary, stripped of HTML, when the page yields too little', () => {
    const summary = `<p>${PARAGRAPHS[0]}</p><p>${PARAGRAPHS[1]} <script>alert(1)</script></p>`;
    const result = extractArticle(shellPage, URL, {
      fallback: { title: 'Budget vote', summary, publishedAt: '2024-05-14T09:30:00Z' },
    });
    expect(result.method).toBe('feed-fallback');
    expect(result.text).toBe(`${PARAGRAPHS[0]}\n\n${PARAGRAPHS[1]}`);
    expect(result.html).not.toContain('script');
    expect(result.publishedAt).toBe('2024-05-14T09:30:00Z');
    expect(result.warnings.some((warning) => warning.includes('feed summary'))).toBe(true);
  });

  it('throws a permanent ExtractError when there is nothing at all', () => {
    for (const html of ['', shellPage]) {
      let caught: unknown;
      try {
        extractArticle(html, URL);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ExtractError);
      expect(caught).toMatchObject({ code: 'extract_empty', retryable: false });
      expect((caught as Error).message).toMatch(/^extract: /);
    }
  });
});
