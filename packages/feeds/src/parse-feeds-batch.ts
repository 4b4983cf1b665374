// Owns the `newsq parse-feeds` batch command: JSON lines {"id","body_base64","content_type","url"} in,
// one {"id","ok","items":[{"title","link","published","guid"}],"error"?} line out per input, whatever the input.
import { readJsonLines, writeJsonLine } from '@newsq/core';
import { parseFeed } from './parse-feed';

export async function runParseFeedsBatch(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<void> {
  for await (const record of readJsonLines(input)) {
    const id = record.id ?? null;
    try {
      if (typeof record.parseError === 'string') throw new Error(record.parseError);
      if (typeof record.body_base64 !== 'string')
        throw new Error('feeds: input line has no body_base64 string');
      const feed = await parseFeed(Buffer.from(record.body_base64, 'base64'), {
        contentType: typeof record.content_type === 'string' ? record.content_type : null,
        url: typeof record.url === 'string' ? record.url : null,
      });
      const items = feed.items.map(({ title, link, published, guid }) => ({ title, link, published, guid }));
      await writeJsonLine(output, { id, ok: true, items });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await writeJsonLine(output, { id, ok: false, items: [], error: message });
    }
  }
}
