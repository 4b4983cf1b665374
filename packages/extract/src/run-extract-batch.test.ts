import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runExtractBatch } from './run-extract-batch';

const ARTICLE = `<!doctype html><html><head><title>Batch test</title></head><body><article>${'<p>The batch command prints one line for every page it reads, including the broken ones.</p>'.repeat(5)}</article></body></html>`;

describe('runExtractBatch', () => {
  it('prints one JSON line per input line and never stops on a bad one', async () => {
    const lines = [
      JSON.stringify({ id: 'good-1', url: 'https://batch.example/1', html: ARTICLE }),
      'this is not json',
      JSON.stringify({ id: 'no-html', url: 'https://batch.example/2' }),
      JSON.stringify({ id: 'empty', url: 'https://batch.example/3', html: '' }),
      JSON.stringify({ id: 'good-2', url: 'https://batch.example/4', html: ARTICLE }),
    ];
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    await runExtractBatch(Readable.from([`${lines.join('\n')}\n`]), output);
    const records = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(5);
    const byId = new Map(records.map((record) => [record.id, record]));
    for (const id of ['good-1', 'good-2']) {
      expect(byId.get(id)).toMatchObject({ title: 'Batch test', method: 'readability' });
      expect(byId.get(id).text).toContain('The batch command prints');
      expect(byId.get(id).ms).toBeGreaterThan(0);
    }
    expect(byId.get(null).error).toMatch(/not JSON/);
    expect(byId.get('no-html').error).toMatch(/^extract: /);
    expect(byId.get('empty')).toMatchObject({ code: 'extract_empty' });
  }, 30_000);
});
