import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runParseFeedsBatch } from './parse-feeds-batch';

async function runBatch(lines: string[]): Promise<Array<Record<string, unknown>>> {
  const input = PassThrough.from(lines.map((line) => `${line}\n`));
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await runParseFeedsBatch(input, output);
  return Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const request = (id: string, body: string | Buffer, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    body_base64: Buffer.from(body).toString('base64'),
    content_type: 'application/rss+xml',
    url: 'http://feeds.example.test/f.xml',
    ...extra,
  });

describe('runParseFeedsBatch', () => {
  it('answers every input with one line, whatever the input', async () => {
    const results = await runBatch([
      request(
        'good',
        '<rss version="2.0"><channel><item><title>One</title><link>/1</link><guid>g1</guid><pubDate>Sun, 05 Jan 2004 14:05:09 GMT</pubDate></item></channel></rss>',
      ),
      'this line is not JSON',
      request('html', '<html><body>nope</body></html>'),
      JSON.stringify({ id: 'no-body' }),
      request('deep', `<rss><channel>${'<a>'.repeat(20_000)}`),
      request('binary', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 31) % 256))),
      request(
        'last',
        '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"x","title":"J","url":"http://example.org/j"}]}',
      ),
    ]);
    expect(results.map((result) => [result.id, result.ok])).toEqual([
      ['good', true],
      [null, false],
      ['html', false],
      ['no-body', false],
      ['deep', false],
      ['binary', false],
      ['last', true],
    ]);
    expect(results[0]).toEqual({
      id: 'good',
      ok: true,
      items: [
        { title: 'One', link: 'http://feeds.example.test/1', published: '2004-01-05T14:05:09Z', guid: 'g1' },
      ],
    });
    for (const failed of results.filter((result) => !result.ok)) {
      expect(failed.items).toEqual([]);
      expect(failed.error).toMatch(/^(feeds|batch): /);
    }
  });
});
