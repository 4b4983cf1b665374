import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTagBatch, runTagEval } from './batch';

async function collect(run: (output: PassThrough) => Promise<unknown>): Promise<string> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  await run(output);
  output.end();
  return chunks.join('');
}

const oilStory = {
  title: 'Oil prices climb as Opec cuts output',
  text: 'Crude oil prices rose after Opec agreed to cut production. Brent crude gained a dollar a barrel.',
};

describe('runTagBatch', () => {
  it('answers every line, in order, even when a line is unusable', async () => {
    const input = new PassThrough();
    input.end(
      [
        JSON.stringify({ id: 'a1', ...oilStory }),
        'not json',
        JSON.stringify({ id: 'a3', title: 42, text: 'x' }),
        JSON.stringify({ id: 'a4' }),
        JSON.stringify({ id: 'a5', title: 'Quiet day', text: 'Nothing happened in the village.' }),
      ].join('\n'),
    );
    const lines = (await collect((output) => runTagBatch(input, output)))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(['a1', null, 'a3', 'a4', 'a5']);
    expect(lines[0].topics[0]).toMatchObject({ id: 'energy' });
    expect(lines[0].entities).toEqual({ countries: [], people: [], organizations: expect.any(Array) });
    expect(lines[1].error).toMatch(/^batch: input line is not JSON/);
    expect(lines[2].error).toMatch(/^tagging: "title" and "text" must be strings/);
    expect(lines[3].error).toMatch(/^tagging: record has neither/);
    expect(lines[4]).toEqual({
      id: 'a5',
      topics: [],
      entities: { countries: [], people: [], organizations: [] },
    });
  });

  it('uses the taxonomy it is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsq-tag-'));
    const path = join(dir, 'taxonomy.json');
    writeFileSync(path, JSON.stringify({ version: 1, topics: [{ id: 'villages', terms: { village: 5 } }] }));
    const input = new PassThrough();
    input.end(`${JSON.stringify({ id: 'v', title: 'Village news', text: 'The village met.' })}\n`);
    const [line] = (await collect((output) => runTagBatch(input, output, { taxonomyPath: path })))
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(line.topics.map((topic: { id: string }) => topic.id)).toEqual(['villages']);
  });
});

describe('runTagEval', () => {
  it('prints per-topic precision and recall and returns micro and macro F1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsq-tag-eval-'));
    const path = join(dir, 'labelled.jsonl');
    writeFileSync(
      path,
      [
        JSON.stringify({ id: 'oil', ...oilStory, labels: ['energy'] }),
        JSON.stringify({
          id: 'quiet',
          title: 'Quiet day',
          text: 'Nothing happened in the village.',
          labels: ['none'],
        }),
        JSON.stringify({
          id: 'missed',
          title: 'Quiet day',
          text: 'Nothing happened at all.',
          labels: ['trade'],
        }),
        'not json',
      ].join('\n'),
    );
    let result = { microF1: -1, macroF1: -1 };
    const report = await collect(async (output) => {
      result = await runTagEval(path, output);
    });
    // energy: one hit; trade: one miss. micro = 2*1/(2*1+0+1); macro = mean(1, 0).
    expect(result.microF1).toBeCloseTo(2 / 3);
    expect(result.macroF1).toBeCloseTo(0.5);
    expect(report).toMatch(/^topic\s+P\s+R\s+F1\s+support\s+tagged$/m);
    expect(report).toMatch(/^energy\s+1\.000\s+1\.000\s+1\.000\s+1\s+1$/m);
    expect(report).toMatch(/^trade\s+0\.000\s+0\.000\s+0\.000\s+1\s+0$/m);
    expect(report).toMatch(/^missed: labelled \[trade\] tagged \[none\]$/m);
    expect(report).toMatch(/^line 4: skipped: batch: input line is not JSON/m);
    expect(report.trim().split('\n').at(-1)).toBe('microF1 0.667 macroF1 0.500 articles 3');
  });
});
