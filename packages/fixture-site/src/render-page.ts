// Owns the site's HTML: article pages with the chrome real news sites wrap around a story (navigation,
// cookie banner, related links, newsletter box, scripts, footer), the home page and section listings.
import { escapeHtmlAttribute, escapeHtmlText, escapeXml } from '@newsq/web-text';
import { jsonForScript } from './escape';
import type { FixtureArticle } from './fixture-article';
import { newestFirst, relatedStories, SECTIONS, SITE_NAME, sectionLabel, teaserOf } from './site-map';

const STYLESHEET = `
  :root { --ink: #1a1a1a; --accent: #b3001b; --muted: #666; --rule: #ddd; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 18px/1.6 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fff; }
  a { color: inherit; }
  .site-header { border-bottom: 3px solid var(--ink); padding: 12px 24px; }
  .site-header .masthead { font: 700 34px/1.1 'Playfair Display', Georgia, serif; text-decoration: none; }
  .site-nav ul { display: flex; flex-wrap: wrap; gap: 18px; list-style: none; margin: 8px 0 0; padding: 0; }
  .site-nav a { font: 600 14px/1 Helvetica, Arial, sans-serif; text-transform: uppercase; text-decoration: none; }
  .cookie-banner { position: fixed; bottom: 0; left: 0; right: 0; padding: 16px 24px; background: #222; color: #eee; font: 14px/1.4 Helvetica, Arial, sans-serif; z-index: 10; }
  .cookie-banner[hidden] { display: none; }
  .breadcrumbs ol { display: flex; gap: 8px; list-style: none; padding: 0; font: 13px Helvetica, Arial, sans-serif; color: var(--muted); }
  .breadcrumbs li + li::before { content: '›'; margin-right: 8px; }
  .page { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 40px; max-width: 1180px; margin: 0 auto; padding: 0 24px; }
  .story h1 { font-size: 40px; line-height: 1.15; margin: 8px 0 12px; }
  .byline { font: 14px Helvetica, Arial, sans-serif; color: var(--muted); }
  .lead-image img { width: 100%; height: auto; background: #eee; }
  .lead-image figcaption { font: 13px Helvetica, Arial, sans-serif; color: var(--muted); }
  .ad-slot { min-height: 250px; margin: 24px 0; background: #f4f4f4; }
  .ad-slot::before { content: 'Advertisement'; display: block; font: 11px Helvetica, Arial, sans-serif; color: #999; text-align: center; }
  .related h2, .newsletter h2 { font: 700 16px Helvetica, Arial, sans-serif; text-transform: uppercase; border-top: 3px solid var(--accent); padding-top: 8px; }
  .related li { margin-bottom: 14px; }
  .related p { margin: 4px 0 0; font-size: 14px; color: var(--muted); }
  .newsletter { background: #f7f3ea; padding: 16px; }
  .site-footer { margin-top: 48px; padding: 24px; background: #111; color: #ccc; font: 13px/1.8 Helvetica, Arial, sans-serif; }
  .site-footer ul { columns: 4; list-style: none; padding: 0; }
`;

const ANALYTICS_SNIPPET = `
  window.dataLayer = window.dataLayer || [];
  function track() { window.dataLayer.push(arguments); }
  track('js', new Date());
  track('config', 'NC-4821-1', { anonymize_ip: true });
`;

const COOKIE_BANNER_SCRIPT = `
  (function () {
    var banner = document.getElementById('cookie-banner');
    if (!banner) return;
    if (document.cookie.indexOf('nc_consent=') !== -1) { banner.hidden = true; return; }
    banner.addEventListener('click', function (event) {
      var choice = event.target && event.target.getAttribute('data-consent');
      if (!choice) return;
      document.cookie = 'nc_consent=' + choice + '; path=/; max-age=31536000; SameSite=Lax';
      banner.hidden = true;
    });
  })();
`;

const FOOTER_LINKS: ReadonlyArray<[string, string]> = [
  ['/about', 'About us'],
  ['/contact', 'Contact the newsroom'],
  ['/careers', 'Careers'],
  ['/advertise', 'Advertise with us'],
  ['/corrections', 'Corrections and clarifications'],
  ['/standards', 'Editorial standards'],
  ['/privacy', 'Privacy policy'],
  ['/cookies', 'Cookie settings'],
  ['/terms', 'Terms of use'],
  ['/accessibility', 'Accessibility'],
  ['/feed.xml', 'RSS feed'],
  ['/archive', 'Archive'],
  ['/subscribe', 'Subscribe'],
  ['/help', 'Help centre'],
  ['/newsletters', 'Newsletters'],
  ['/tips', 'Send us a tip'],
];

const DISPLAY_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

function displayDate(iso: string): string {
  return `${DISPLAY_DATE.format(new Date(iso))} GMT`;
}

function authorPath(author: string): string {
  return `/authors/${author.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** A stable, made-up comment count so every render of a page is identical. */
function commentCount(slug: string): number {
  let hash = 0;
  for (const char of slug) hash = (hash * 31 + char.charCodeAt(0)) % 997;
  return hash % 240;
}

export function imagePath(slug: string): string {
  return `/images/${slug}.svg`;
}

interface Layout {
  origin: string;
  title: string;
  description: string;
  canonicalPath: string;
  /** Extra <head> elements: OpenGraph article meta and JSON-LD. */
  head: string;
  main: string;
  sectionId: string | null;
}

function renderLayout(layout: Layout): string {
  const canonical = `${layout.origin}${layout.canonicalPath}`;
  const navItems = [
    `<li><a href="/"${layout.sectionId === null ? ' aria-current="page"' : ''}>Home</a></li>`,
    ...SECTIONS.map(
      (section) =>
        `<li><a href="/${section.id}/"${section.id === layout.sectionId ? ' aria-current="page"' : ''}>${escapeHtmlText(section.label)}</a></li>`,
    ),
  ].join('\n          ');
  const footerLinks = FOOTER_LINKS.map(
    ([href, label]) => `<li><a href="${href}">${escapeHtmlText(label)}</a></li>`,
  ).join('\n        ');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtmlText(layout.title)} | ${escapeHtmlText(SITE_NAME)}</title>
  <meta name="description" content="${escapeHtmlAttribute(layout.description)}">
  <link rel="canonical" href="${escapeHtmlAttribute(canonical)}">
  <link rel="alternate" type="application/rss+xml" title="${escapeHtmlAttribute(SITE_NAME)}" href="/feed.xml">
  <meta property="og:site_name" content="${escapeHtmlAttribute(SITE_NAME)}">
  <meta property="og:title" content="${escapeHtmlAttribute(layout.title)}">
  <meta property="og:description" content="${escapeHtmlAttribute(layout.description)}">
  <meta property="og:url" content="${escapeHtmlAttribute(canonical)}">
  <meta name="twitter:card" content="summary_large_image">
  ${layout.head}
  <style>${STYLESHEET}</style>
  <script>${ANALYTICS_SNIPPET}</script>
</head>
<body>
  <a class="skip-link" href="#main">Skip to content</a>
  <div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookie consent">
    <p>We use cookies and similar technologies to run this site, measure our audience and show you relevant
      advertising. You can accept all cookies or choose which ones we may use. See our
      <a href="/cookies">cookie policy</a>.</p>
    <button type="button" data-consent="all">Accept all</button>
    <button type="button" data-consent="essential">Essential only</button>
  </div>
  <header class="site-header">
    <a class="masthead" href="/">${escapeHtmlText(SITE_NAME)}</a>
    <p class="edition">Independent journalism since 1887 · <a href="/subscribe">Subscribe</a> · <a href="/login">Sign in</a></p>
    <nav class="site-nav" aria-label="Sections">
      <ul>
          ${navItems}
      </ul>
    </nav>
    <form class="site-search" action="/search" method="get" role="search">
      <label for="q">Search</label> <input id="q" name="q" type="search"> <button type="submit">Go</button>
    </form>
  </header>
  ${layout.main}
  <footer class="site-footer">
    <nav aria-label="Footer">
      <ul>
        ${footerLinks}
      </ul>
    </nav>
    <p>Follow us: <a href="https://social.example/northgatecourier">Social</a> · <a href="https://video.example/northgatecourier">Video</a></p>
    <p class="copyright">© 2024 Northgate Courier Media Ltd. All rights reserved. Registered in England and Wales.</p>
  </footer>
  <script>${COOKIE_BANNER_SCRIPT}</script>
</body>
</html>
`;
}

function renderBreadcrumbs(crumbs: ReadonlyArray<{ href: string | null; label: string }>): string {
  const items = crumbs
    .map(({ href, label }) =>
      href === null
        ? `<li aria-current="page">${escapeHtmlText(label)}</li>`
        : `<li><a href="${href}">${escapeHtmlText(label)}</a></li>`,
    )
    .join('');
  return `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${items}</ol></nav>`;
}

function renderNewsletterBox(): string {
  return `<section class="newsletter" aria-labelledby="newsletter-title">
      <h2 id="newsletter-title">The Morning Briefing</h2>
      <p>The stories that matter, in your inbox before breakfast every weekday.</p>
      <form action="/newsletters/subscribe" method="post">
        <label for="newsletter-email">Email address</label>
        <input id="newsletter-email" name="email" type="email" placeholder="you@example.com" required>
        <button type="submit">Sign me up</button>
      </form>
      <p class="fine-print">By signing up you agree to our <a href="/privacy">privacy policy</a>. You can unsubscribe at any time.</p>
    </section>`;
}

export function renderArticlePage(
  article: FixtureArticle,
  all: readonly FixtureArticle[],
  origin: string,
): string {
  const url = `${origin}${article.path}`;
  const imageUrl = `${origin}${imagePath(article.slug)}`;
  const comments = commentCount(article.slug);
  const description = teaserOf(article);
  const structuredData = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    datePublished: article.publishedAt,
    dateModified: article.publishedAt,
    author: [{ '@type': 'Person', name: article.author, url: `${origin}${authorPath(article.author)}` }],
    publisher: {
      '@type': 'Organization',
      name: SITE_NAME,
      logo: { '@type': 'ImageObject', url: `${origin}/logo.png` },
    },
    image: [imageUrl],
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    articleSection: sectionLabel(article.section),
  };
  const head = `<meta property="og:type" content="article">
  <meta property="og:image" content="${escapeHtmlAttribute(imageUrl)}">
  <meta property="article:published_time" content="${article.publishedAt}">
  <meta property="article:section" content="${escapeHtmlAttribute(sectionLabel(article.section))}">
  <meta property="article:author" content="${escapeHtmlAttribute(article.author)}">
  <meta name="author" content="${escapeHtmlAttribute(article.author)}">
  <script type="application/ld+json">${jsonForScript(structuredData)}</script>`;
  const body = article.paragraphs
    .map((paragraph, index) => {
      const text = `        <p>${escapeHtmlText(paragraph)}</p>`;
      // An advertising slot after the second paragraph, as on most commercial news pages.
      return index === 1 && article.paragraphs.length > 3
        ? `${text}\n        <div class="ad-slot" id="ad-inline-1" data-ad-unit="article-inline" aria-hidden="true"></div>`
        : text;
    })
    .join('\n');
  const related = relatedStories(article, all)
    .map(
      (story) => `<li>
          <a href="${story.path}">${escapeHtmlText(story.title)}</a>
          <p>${escapeHtmlText(teaserOf(story))}</p>
        </li>`,
    )
    .join('\n        ');
  const main = `<div class="page">
  <main id="main">
    ${renderBreadcrumbs([
      { href: '/', label: 'Home' },
      { href: `/${article.section}/`, label: sectionLabel(article.section) },
      { href: null, label: article.title },
    ])}
    <article class="story">
      <header class="story-header">
        <p class="kicker"><a href="/${article.section}/">${escapeHtmlText(sectionLabel(article.section))}</a></p>
        <h1>${escapeHtmlText(article.title)}</h1>
        <div class="byline">
          By <a rel="author" href="${authorPath(article.author)}">${escapeHtmlText(article.author)}</a>
          · <time datetime="${article.publishedAt}">${escapeHtmlText(displayDate(article.publishedAt))}</time>
          · <a class="comments-count" href="#comments">${comments} comments</a>
        </div>
        <ul class="share-tools" aria-label="Share this story">
          <li><a href="https://social.example/share?url=${encodeURIComponent(url)}">Share</a></li>
          <li><a href="mailto:?subject=${encodeURIComponent(article.title)}&amp;body=${encodeURIComponent(url)}">Email</a></li>
          <li><button type="button" class="save-story">Save</button></li>
        </ul>
      </header>
      <figure class="lead-image">
        <img src="${imagePath(article.slug)}" alt="${escapeHtmlAttribute(article.title)}" width="1200" height="675">
        <figcaption>File picture. <span class="credit">Photograph: Courier picture desk</span></figcaption>
      </figure>
      <div class="story-body">
${body}
      </div>
      <footer class="story-footer">
        <p>More from <a href="/${article.section}/">${escapeHtmlText(sectionLabel(article.section))}</a> · <a href="/corrections">Report an error</a></p>
      </footer>
    </article>
    <section id="comments" class="comments">
      <h2>Comments (${comments})</h2>
      <p><a href="/login">Sign in</a> or <a href="/subscribe">subscribe</a> to join the conversation.</p>
    </section>
  </main>
  <div class="sidebar">
    <aside class="related" aria-labelledby="related-title">
      <h2 id="related-title">Related stories</h2>
      <ul>
        ${related}
      </ul>
    </aside>
    ${renderNewsletterBox()}
  </div>
</div>`;
  return renderLayout({
    origin,
    title: article.title,
    description,
    canonicalPath: article.path,
    head,
    main,
    sectionId: article.section,
  });
}

/** The home page (all stories) or a section front (that section's stories), newest first. */
export function renderListingPage(
  articles: readonly FixtureArticle[],
  origin: string,
  sectionId: string | null,
): string {
  const heading = sectionId === null ? 'Latest news' : sectionLabel(sectionId);
  const items = newestFirst(articles)
    .map(
      (article) => `<li class="teaser">
        <p class="kicker">${escapeHtmlText(sectionLabel(article.section))}</p>
        <h2><a href="${article.path}">${escapeHtmlText(article.title)}</a></h2>
        <p>${escapeHtmlText(teaserOf(article))}</p>
        <time datetime="${article.publishedAt}">${escapeHtmlText(displayDate(article.publishedAt))}</time>
      </li>`,
    )
    .join('\n      ');
  const crumbs =
    sectionId === null
      ? ''
      : renderBreadcrumbs([
          { href: '/', label: 'Home' },
          { href: null, label: heading },
        ]);
  const main = `<div class="page">
  <main id="main">
    ${crumbs}
    <h1>${escapeHtmlText(heading)}</h1>
    <ul class="story-list">
      ${items}
    </ul>
  </main>
  <div class="sidebar">${renderNewsletterBox()}</div>
</div>`;
  return renderLayout({
    origin,
    title: heading,
    description: `${heading} from ${SITE_NAME}.`,
    canonicalPath: sectionId === null ? '/' : `/${sectionId}/`,
    head: '<meta property="og:type" content="website">',
    main,
    sectionId,
  });
}

/** A flat placeholder picture so pages have no broken images. */
export function renderPlaceholderImage(label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675"><rect width="1200" height="675" fill="#d9d4c7"/><text x="600" y="350" font-family="Georgia" font-size="40" text-anchor="middle" fill="#555">${escapeXml(label)}</text></svg>`;
}
