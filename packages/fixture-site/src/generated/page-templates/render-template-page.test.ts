import { extractArticle } from '@newsq/extract';
import { describe, expect, it } from 'vitest';
import { writeStory } from '../write-story';
import { TEMPLATE_MARKERS } from './markers';
import { pageTemplates, renderTemplatePage } from './render-template-page';

const url = 'http://127.0.0.2:8080/world/story-1';
const story = writeStory(1, 5);
const { paragraphs } = story;
const page = {
  url,
  canonicalUrl: url,
  siteName: 'The Test Herald',
  title: story.title,
  description: story.summary,
  author: 'Jane Doe',
  publishedAt: '2024-05-01T10:00:00.000Z',
  section: 'world',
  imageUrl: `${url}/lead.jpg`,
  paragraphs,
  filler: '<section class="more-stories"><ul><li><a href="/x">Another story</a></li></ul></section>',
};

describe('page templates', () => {
  it('are ten real pages from 30 KB to 1.5 MB, each with every marker once', () => {
    const templates = pageTemplates();
    expect(templates).toHaveLength(10);
    expect(templates[0]!.baseBytes).toBeGreaterThan(30_000);
    expect(templates.at(-1)!.baseBytes).toBeGreaterThan(1_000_000);
    for (const template of templates) {
      for (const marker of Object.values(TEMPLATE_MARKERS)) {
        expect(template.html.split(marker), `${template.id} ${marker}`).toHaveLength(2);
      }
    }
  });

  it.each(pageTemplates().map((template) => [template.id, template] as const))(
    '%s carries the story so that extraction finds its title, date, canonical URL and whole body',
    (_id, template) => {
      const html = renderTemplatePage(template, page);
      expect(html).toContain(page.filler);
      const article = extractArticle(html, url);
      expect(article.title).toBe(page.title);
      expect(Date.parse(article.publishedAt ?? '')).toBe(Date.parse(page.publishedAt));
      expect(article.canonicalUrl).toBe(url);
      for (const paragraph of paragraphs) expect(article.text).toContain(paragraph);
      // Some chrome next to the body (a "Comments" label, a dateline) may come along, as on the real page.
      expect(article.text.length - paragraphs.join('\n\n').length).toBeLessThan(100);
    },
  );

  it('inserts text containing $ patterns literally', () => {
    const html = renderTemplatePage(pageTemplates()[0]!, { ...page, title: "Profit of $& and $' rises" });
    expect(html).toContain('Profit of $&amp; and $&apos; rises');
  });
});
