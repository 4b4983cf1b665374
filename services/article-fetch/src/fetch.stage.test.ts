import type { RawEntry } from '@newsq/core';
import { testStageContext } from '@newsq/core/testing';
import { safeFetch } from '@newsq/http';
import { type LocalServer, startLocalServer } from '@newsq/http/testing';
import { runStageOnce } from '@newsq/queue';
import { decodeBody } from '@newsq/web-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleFetchStage } from './fetch.stage';

const ctx = testStageContext();

describe('article-fetch stage', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
    server.routes.set('/article', (_request, response) => {
      response
        .writeHead(200, { 'content-type': 'text/html; charset=windows-1252' })
        .end(Buffer.from('<p>caf\xe9</p>', 'latin1'));
    });
    server.routes.set(
      '/image',
      (_request, response) => void response.writeHead(200, { 'content-type': 'image/png' }).end('x'),
    );
  });
  afterAll(() => server.close());

  const stage = (allowed = true) =>
    createArticleFetchStage({
      fetchPage: (url, signal) => safeFetch(url, { accept: 'html', signal, allowPrivateNetworks: true }),
      pageHtml: (body, contentType) => decodeBody(body, contentType, 'html').text,
      isAllowedByRobots: async () => allowed,
    });
  const entry = (path: string, summary: string | null = null): RawEntry => ({
    version: 1,
    feedId: 'f',
    feedUrl: `${server.origin}/feed.xml`,
    guid: path,
    link: `${server.origin}${path}`,
    title: 'T',
    publishedAt: null,
    summary,
  });

  it('fetches and decodes the page', async () => {
    const run = await runStageOnce(stage(), entry('/article'), ctx);
    expect(run.outputs[0]!.data).toMatchObject({ status: 200, html: '<p>café</p>' });
  });

  it("emits the page under the entry's one identity (its link for entries queued before it existed)", async () => {
    server.routes.set('/story', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>Story</p>');
    });
    const fetchStage = stage();
    const identified = { ...entry('/story?utm_source=rss'), itemId: `${server.origin}/story` };
    const run = await runStageOnce(fetchStage, identified, ctx);
    expect(fetchStage.outputId(run.outputs[0]!.data)).toBe(`${server.origin}/story`);
    const legacy = await runStageOnce(fetchStage, entry('/story'), ctx);
    expect(fetchStage.outputId(legacy.outputs[0]!.data)).toBe(`${server.origin}/story`);
  });

  it('fails permanently on a page that is not HTML, unless the feed carried a summary', async () => {
    await expect(runStageOnce(stage(), entry('/image'), ctx)).rejects.toMatchObject({
      code: 'http_not_html',
      retryable: false,
    });
    const run = await runStageOnce(stage(), entry('/image', '<p>Summary</p>'), ctx);
    expect(run.outputs[0]!.data).toMatchObject({ status: 0, html: '' });
  });

  it('honours robots.txt: a disallowed page without a summary is dropped', async () => {
    expect((await runStageOnce(stage(false), entry('/article'), ctx)).outputs).toEqual([]);
    expect((await runStageOnce(stage(false), entry('/article', 'Summary'), ctx)).outputs).toHaveLength(1);
    expect(server.hits.get('/article')).toBe(1);
  });
});
