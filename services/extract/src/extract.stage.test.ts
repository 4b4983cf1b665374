// The extract stage with the real extractor in-process, its output checked against the message schema.
import { ExtractedArticle, FetchedPage } from '@newsq/core';
import { testStageContext } from '@newsq/core/testing';
import { extractArticle } from '@newsq/extract';
import { describe, expect, it } from 'vitest';
import { createExtractStage } from './extract.stage';

const stage = createExtractStage({
  extract: async (html, url, options) => extractArticle(html, url, options),
});

function page(itemId?: string): unknown {
  const link = 'https://news.example/story?utm_source=rss';
  return {
    version: 1,
    entry: {
      version: 1,
      feedId: 'feed-1',
      feedUrl: 'https://news.example/feed.xml',
      guid: link,
      link,
      ...(itemId === undefined ? {} : { itemId }),
      title: 'Council approves library budget',
      publishedAt: null,
      summary: 'The council approved the library budget on Monday. '.repeat(6),
    },
    finalUrl: 'https://news.example/story',
    status: 0,
    contentType: 'unavailable; reason=http_status',
    html: '',
    fetchedAt: '2024-09-20T10:00:00Z',
  };
}

describe('extract stage', () => {
  it("carries the entry's one identity and emits the article under it", async () => {
    const [article] = await stage.handle(
      FetchedPage.parse(page('https://news.example/story')),
      testStageContext(),
    );
    ExtractedArticle.parse(article);
    expect(article).toMatchObject({
      url: 'https://news.example/story?utm_source=rss',
      itemId: 'https://news.example/story',
      method: 'feed-fallback',
    });
    expect(stage.outputId(article!)).toBe('https://news.example/story');
  });

  it('identifies an entry queued before item ids existed by its link', async () => {
    const [article] = await stage.handle(FetchedPage.parse(page()), testStageContext());
    expect(stage.outputId(article!)).toBe('https://news.example/story?utm_source=rss');
  });
});
